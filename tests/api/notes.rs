//! `/contacts/{id}/notes` (SPEC §5): plain-text notes agents write about a contact; agents
//! change their own, owners and admins any; live through the stream, in the sidebar, gone
//! with the contact.
use crate::helpers::*;
use crate::on_all_databases;
use crate::stream::wait_for;
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

const EMMA: &str = "emma@nordlys.dk";

async fn contact_id(app: &TestApp, email: &str) -> i64 {
    app.scalar_i64(&format!("SELECT MIN(id) FROM contacts WHERE email = '{email}'"))
        .await
}

/// Another member of Acme (the demo has one owner and one agent), signed in.
async fn acme_member(app: &TestApp, email: &str, name: &str, role: &str) -> String {
    app.db_execute(&format!(
        "INSERT INTO users (organization_id, email, name, password_hash, role, created_at) \
         SELECT organization_id, '{email}', '{name}', password_hash, '{role}', created_at \
         FROM users WHERE email = '{ACME_AGENT}'"
    ))
    .await;
    app.login(email).await
}

async fn post_note(app: &TestApp, token: &str, contact: i64, body: &str) -> (StatusCode, Value) {
    app.send_json(
        Method::POST,
        &format!("/api/v1/contacts/{contact}/notes"),
        Some(token),
        &json!({ "body": body }),
    )
    .await
}

async fn patch_note(
    app: &TestApp,
    token: &str,
    contact: i64,
    note: &Value,
    body: &str,
) -> (StatusCode, Value) {
    app.send_json(
        Method::PATCH,
        &format!("/api/v1/contacts/{contact}/notes/{}", note["id"]),
        Some(token),
        &json!({ "body": body }),
    )
    .await
}

async fn delete_note(app: &TestApp, token: &str, contact: i64, note: &Value) -> StatusCode {
    app.request(
        Method::DELETE,
        &format!("/api/v1/contacts/{contact}/notes/{}", note["id"]),
        Some(token),
    )
    .send()
    .await
    .unwrap()
    .status()
}

async fn notes_of(app: &TestApp, token: &str, contact: i64) -> Vec<Value> {
    let (status, list) = app
        .get_json(&format!("/api/v1/contacts/{contact}/notes?limit=100"), token)
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list["items"].as_array().unwrap().clone()
}

async fn stored_notes(app: &TestApp, contact: i64) -> i64 {
    app.scalar_i64(&format!(
        "SELECT COUNT(*) FROM contact_notes WHERE contact_id = {contact}"
    ))
    .await
}

async fn notes_are_written_listed_newest_first_edited_and_deleted(app: TestApp) {
    app.seed_demo().await;
    let agent = app.login(ACME_AGENT).await;
    let owner = app.login(ACME_OWNER).await;
    let emma = contact_id(&app, EMMA).await;
    assert!(notes_of(&app, &agent, emma).await.is_empty());

    let text = "Called Emma.\nShe wants <b>bold</b> & the annual plan.\r\n\tFollow up Monday.";
    let (status, first) = post_note(&app, &agent, emma, text).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(
        first["body"], text,
        "kept exactly as written, never escaped or trimmed"
    );
    assert_eq!(first["contact_id"], emma);
    assert_eq!(first["author"]["name"], "Alex Agent");
    assert!(first["author"]["id"].is_i64());
    assert_eq!(first["editable"], true);
    assert_eq!(first["created_at"], first["updated_at"]);
    let (status, second) = post_note(&app, &owner, emma, "Owner's note").await;
    assert_eq!(status, StatusCode::CREATED, "{second}");

    let listed = notes_of(&app, &agent, emma).await;
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["id"], second["id"], "newest first");
    assert_eq!(
        listed[0]["editable"], false,
        "the owner's note is not the agent's"
    );
    assert_eq!(listed[1], first, "the list shows the note as it was answered");

    let (status, edited) = patch_note(&app, &agent, emma, &first, "Called Emma again.").await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["body"], "Called Emma again.");
    assert_eq!(edited["created_at"], first["created_at"]);
    assert_ne!(edited["updated_at"], first["updated_at"]);
    assert_eq!(
        notes_of(&app, &owner, emma).await[1]["body"],
        "Called Emma again."
    );

    assert_eq!(
        delete_note(&app, &agent, emma, &first).await,
        StatusCode::NO_CONTENT
    );
    let left = notes_of(&app, &agent, emma).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["id"], second["id"]);
    assert_eq!(
        delete_note(&app, &agent, emma, &first).await,
        StatusCode::NOT_FOUND,
        "gone"
    );

    // Notes are for agents: an API key is not a signed-in user.
    let reviews = app.demo_app("Product Reviews").await;
    let key = app
        .api_key(&owner, reviews.id, &["contacts:read", "contacts:write"])
        .await;
    let (status, _) = app
        .get_json(&format!("/api/v1/contacts/{emma}/notes"), &key)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = post_note(&app, &key, emma, "from a key").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(stored_notes(&app, emma).await, 1);
}

async fn notes_page_newest_first_by_cursor_and_refuse_a_limit_over_100(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let emma = contact_id(&app, EMMA).await;
    for n in 0..5 {
        let (status, _) = post_note(&app, &owner, emma, &format!("note {n}")).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    // Two notes in the same microsecond still page apart: the id breaks the tie.
    app.db_execute(&format!(
        "UPDATE contact_notes SET created_at = (SELECT MAX(created_at) FROM contact_notes WHERE contact_id = {emma}) \
         WHERE contact_id = {emma} AND body IN ('note 1', 'note 2')"
    ))
    .await;
    let base = format!("/api/v1/contacts/{emma}/notes");
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("{base}?limit=2&cursor={c}"),
            None => format!("{base}?limit=2"),
        };
        let (status, page) = app.get_json(&path, &owner).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        pages += 1;
        for item in page["items"].as_array().unwrap() {
            seen.push(item["body"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 5, "every note once: {seen:?}");
    let (_, all) = app.get_json(&format!("{base}?limit=100"), &owner).await;
    let all: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"].as_str().unwrap())
        .collect();
    assert_eq!(all, seen, "pages walk the one newest-first order");
    assert_eq!(all[0], "note 4");

    for bad in ["limit=101", "limit=0", "cursor=nonsense"] {
        let (status, body) = app.get_json(&format!("{base}?{bad}"), &owner).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert_eq!(error_code(&body), "validation_failed");
    }
    let (_, default) = app.get_json(&base, &owner).await;
    assert_eq!(default["next_cursor"], Value::Null);
}

async fn a_note_body_is_1_to_10000_characters_of_plain_text(app: TestApp) {
    app.seed_demo().await;
    let agent = app.login(ACME_AGENT).await;
    let emma = contact_id(&app, EMMA).await;
    let too_long = "a".repeat(10_001);
    for bad in [
        "",
        "   \n\t ",
        too_long.as_str(),
        "ring\u{7}",
        "color\u{1b}[31m",
        "nul\u{0}",
    ] {
        let (status, body) = post_note(&app, &agent, emma, bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_code(&body), "validation_failed");
        assert!(body["error"]["details"]["fields"]["body"].is_string(), "{body}");
    }
    let (status, body) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/contacts/{emma}/notes"),
            Some(&agent),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a missing body: {body}");
    assert_eq!(stored_notes(&app, emma).await, 0, "nothing written by a refusal");

    // Characters, not bytes: 10,000 two-byte and four-byte characters are within the limit.
    for fits in ["a".repeat(10_000), "é".repeat(10_000), "😀".repeat(10_000)] {
        let (status, note) = post_note(&app, &agent, emma, &fits).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(note["body"].as_str().unwrap().chars().count(), 10_000);
    }
    let (_, note) = post_note(&app, &agent, emma, "short").await;
    let (status, body) = patch_note(&app, &agent, emma, &note, &"é".repeat(10_001)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["details"]["fields"]["body"].is_string());
    let (status, _) = patch_note(&app, &agent, emma, &note, " ").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        notes_of(&app, &agent, emma).await[0]["body"],
        "short",
        "unchanged"
    );
}

async fn agents_change_only_their_own_notes_while_owners_and_admins_change_any(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let agent = app.login(ACME_AGENT).await;
    let admin = acme_member(&app, "ada@convot.test", "Ada Admin", "admin").await;
    // An agent who operates no app still sees every contact (contacts are organization-wide,
    // as `GET /contacts/{id}` shows them), so they read and write notes too.
    let casey = acme_member(&app, "casey@convot.test", "Casey Newhire", "agent").await;
    let emma = contact_id(&app, EMMA).await;

    let (_, by_agent) = post_note(&app, &agent, emma, "by the agent").await;
    let (_, by_owner) = post_note(&app, &owner, emma, "by the owner").await;
    let (status, by_casey) = post_note(&app, &casey, emma, "by casey").await;
    assert_eq!(status, StatusCode::CREATED, "{by_casey}");

    // An agent edits their own, not another author's.
    let (status, _) = patch_note(&app, &agent, emma, &by_agent, "mine, edited").await;
    assert_eq!(status, StatusCode::OK);
    for note in [&by_owner, &by_casey] {
        let (status, body) = patch_note(&app, &agent, emma, note, "taken over").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(error_code(&body), "forbidden");
        assert_eq!(delete_note(&app, &agent, emma, note).await, StatusCode::FORBIDDEN);
    }
    let (status, _) = patch_note(&app, &casey, emma, &by_agent, "taken over").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let stored = "SELECT COUNT(*) FROM contact_notes WHERE body = 'taken over'";
    assert_eq!(app.scalar_i64(stored).await, 0);
    assert_eq!(stored_notes(&app, emma).await, 3);

    // `editable` says the same, per viewer.
    let editable = |notes: Vec<Value>| -> Vec<(String, bool)> {
        notes
            .iter()
            .map(|n| {
                (
                    n["body"].as_str().unwrap().to_owned(),
                    n["editable"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        editable(notes_of(&app, &agent, emma).await),
        vec![
            ("by casey".to_owned(), false),
            ("by the owner".to_owned(), false),
            ("mine, edited".to_owned(), true)
        ]
    );
    assert!(editable(notes_of(&app, &admin, emma).await)
        .iter()
        .all(|(_, e)| *e));

    // Owners and admins change any note.
    let (status, _) = patch_note(&app, &admin, emma, &by_agent, "tidied by the admin").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = patch_note(&app, &owner, emma, &by_casey, "tidied by the owner").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        delete_note(&app, &admin, emma, &by_owner).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        delete_note(&app, &owner, emma, &by_casey).await,
        StatusCode::NO_CONTENT
    );

    // A removed user's note stays, with no author, and is no agent's own any more.
    let (_, left_behind) = post_note(&app, &casey, emma, "written before leaving").await;
    app.db_execute("DELETE FROM users WHERE email = 'casey@convot.test'")
        .await;
    let notes = notes_of(&app, &agent, emma).await;
    let orphan = notes.iter().find(|n| n["id"] == left_behind["id"]).unwrap();
    assert_eq!(orphan["author"], Value::Null);
    assert_eq!(orphan["editable"], false);
    let (status, _) = patch_note(&app, &owner, emma, &left_behind, "kept by the owner").await;
    assert_eq!(status, StatusCode::OK);
}

async fn another_organizations_contact_and_note_ids_are_404_and_write_nothing(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let globex = app.login(GLOBEX_OWNER).await;
    let emma = contact_id(&app, EMMA).await;
    let olivia = contact_id(&app, "olivia@northwind-outfitters.com").await;
    let globex_contact = app
        .scalar_i64("SELECT c.id FROM contacts c JOIN organizations o ON o.id = c.organization_id WHERE o.name = 'Globex'")
        .await;
    let (_, acme_note) = post_note(&app, &owner, emma, "Acme's own").await;
    let (status, globex_note) = post_note(&app, &globex, globex_contact, "Globex's own").await;
    assert_eq!(status, StatusCode::CREATED);
    let before = app.count("contact_notes").await;

    let (status, body) = app
        .get_json(&format!("/api/v1/contacts/{emma}/notes"), &globex)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(error_code(&body), "not_found");
    let (status, _) = post_note(&app, &globex, emma, "planted").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Acme's note through Acme's contact, Acme's note through Globex's contact, and Globex's
    // note through Acme's contact: all unknown to the caller.
    for (contact, note) in [(emma, &acme_note), (globex_contact, &acme_note)] {
        let (status, _) = patch_note(&app, &globex, contact, note, "taken over").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            delete_note(&app, &globex, contact, note).await,
            StatusCode::NOT_FOUND
        );
    }
    let (status, _) = patch_note(&app, &owner, emma, &globex_note, "taken over").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        delete_note(&app, &owner, emma, &globex_note).await,
        StatusCode::NOT_FOUND
    );
    // A note of another contact of the same organization is not this contact's.
    let (status, _) = patch_note(&app, &owner, olivia, &acme_note, "moved").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        delete_note(&app, &owner, olivia, &acme_note).await,
        StatusCode::NOT_FOUND
    );
    let (status, _) = app.get_json("/api/v1/contacts/999999999/notes", &owner).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    assert_eq!(app.count("contact_notes").await, before, "nothing written");
    let changed = "SELECT COUNT(*) FROM contact_notes WHERE body IN ('taken over', 'moved', 'planted')";
    assert_eq!(app.scalar_i64(changed).await, 0);
    assert_eq!(notes_of(&app, &owner, emma).await[0]["body"], "Acme's own");
}

async fn notes_go_with_an_erased_contact_and_move_with_a_merged_visitor(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let emma = contact_id(&app, EMMA).await;
    for n in 0..3 {
        post_note(&app, &owner, emma, &format!("about to go {n}")).await;
    }
    assert_eq!(stored_notes(&app, emma).await, 3);
    let status = app
        .request(Method::DELETE, &format!("/api/v1/contacts/{emma}"), Some(&owner))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(stored_notes(&app, emma).await, 0, "erasure leaves no note behind");
    let leftover = "SELECT COUNT(*) FROM contact_notes WHERE body LIKE 'about to go%'";
    assert_eq!(app.scalar_i64(leftover).await, 0);

    // A visitor's anonymous contact folded into the contact they identify as: its notes move.
    let reviews = app.demo_app("Product Reviews").await;
    let session = app.widget_session(&reviews.public_key).await;
    let (status, _) = app
        .send_json(
            Method::POST,
            "/api/v1/widget/messages",
            Some(&session),
            &json!({"content": "Note-worthy visitor here"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let visitor = app
        .scalar_i64("SELECT contact_id FROM conversations WHERE id = (SELECT conversation_id FROM messages WHERE content = 'Note-worthy visitor here')")
        .await;
    let (status, _) = post_note(&app, &owner, visitor, "Asked about bulk pricing").await;
    assert_eq!(status, StatusCode::CREATED);
    let kenji = contact_id(&app, "kenji@kumo-ceramics.jp").await;
    let (status, _) = app
        .identify(&session, json!({"email": "kenji@kumo-ceramics.jp"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        app.contact_where(&format!("id = {visitor}")).await.is_none(),
        "merged"
    );
    assert_eq!(stored_notes(&app, visitor).await, 0);
    let moved = notes_of(&app, &owner, kenji).await;
    assert!(
        moved
            .iter()
            .any(|n| n["body"] == "Asked about bulk pricing" && n["contact_id"] == kenji),
        "{moved:?}"
    );
}

async fn each_note_change_reaches_open_streams_with_the_contact(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let agent = app.login(ACME_AGENT).await;
    let emma = contact_id(&app, EMMA).await;
    let open = || async {
        let stream = app
            .request(Method::GET, "/api/v1/stream", Some(&agent))
            .send()
            .await
            .unwrap();
        assert_eq!(stream.status(), StatusCode::OK);
        stream
    };
    let notice = format!("\"kind\":\"notes\",\"contact_id\":{emma}");
    let stream = open().await;
    let (_, note) = post_note(&app, &owner, emma, "live").await;
    let seen = wait_for(stream, &notice).await;
    assert!(seen.contains("event: change"), "{seen}");

    let stream = open().await;
    patch_note(&app, &owner, emma, &note, "live, edited").await;
    wait_for(stream, &notice).await;

    let stream = open().await;
    delete_note(&app, &owner, emma, &note).await;
    wait_for(stream, &notice).await;
}

async fn the_sidebar_carries_the_ten_newest_notes_and_a_new_etag_when_one_changes(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let agent = app.login(ACME_AGENT).await;
    let (emma, conversation) = app.latest_conversation(&agent, EMMA).await;
    let path = format!("/api/v1/conversations/{conversation}/sidebar");
    let (_, sidebar) = app.get_json(&path, &agent).await;
    assert_eq!(sidebar["notes"], json!({"items": [], "has_more": false}));

    for n in 0..11 {
        post_note(&app, &owner, emma, &format!("note {n}")).await;
    }
    let (_, mine) = post_note(&app, &agent, emma, "the agent's").await;
    let response = app
        .request(Method::GET, &path, Some(&agent))
        .send()
        .await
        .unwrap();
    let etag = response.headers()[header::ETAG].to_str().unwrap().to_owned();
    let sidebar: Value = response.json().await.unwrap();
    let items = sidebar["notes"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    assert_eq!(sidebar["notes"]["has_more"], true);
    assert_eq!(items[0]["body"], "the agent's", "newest first");
    assert_eq!(items[0]["editable"], true);
    assert_eq!(items[0]["author"]["name"], "Alex Agent");
    assert_eq!(items[1]["body"], "note 10");
    assert_eq!(items[1]["editable"], false);

    let revalidate = || async {
        app.request(Method::GET, &path, Some(&agent))
            .header(header::IF_NONE_MATCH, &etag)
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(revalidate().await, StatusCode::NOT_MODIFIED);
    patch_note(&app, &agent, emma, &mine, "the agent's, edited").await;
    assert_eq!(revalidate().await, StatusCode::OK, "an edit changes the ETag");
    let (_, sidebar) = app.get_json(&path, &agent).await;
    assert_eq!(sidebar["notes"]["items"][0]["body"], "the agent's, edited");
}

async fn the_demo_has_notes_by_the_owner_and_the_agent(app: TestApp) {
    app.seed_demo().await;
    let agent = app.login(ACME_AGENT).await;
    let olivia = contact_id(&app, "olivia@northwind-outfitters.com").await;
    let notes = notes_of(&app, &agent, olivia).await;
    let authors: Vec<(&str, bool)> = notes
        .iter()
        .map(|n| {
            (
                n["author"]["name"].as_str().unwrap(),
                n["editable"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(authors, vec![("Alex Agent", true), ("Dana Demo", false)]);
    assert!(
        notes[1]["body"].as_str().unwrap().contains('\n'),
        "a note with a line break"
    );
}

on_all_databases!(
    the_demo_has_notes_by_the_owner_and_the_agent,
    notes_are_written_listed_newest_first_edited_and_deleted,
    notes_page_newest_first_by_cursor_and_refuse_a_limit_over_100,
    a_note_body_is_1_to_10000_characters_of_plain_text,
    agents_change_only_their_own_notes_while_owners_and_admins_change_any,
    another_organizations_contact_and_note_ids_are_404_and_write_nothing,
    notes_go_with_an_erased_contact_and_move_with_a_merged_visitor,
    each_note_change_reaches_open_streams_with_the_contact,
    the_sidebar_carries_the_ten_newest_notes_and_a_new_etag_when_one_changes,
);
