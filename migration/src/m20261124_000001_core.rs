//! The whole domain of SPEC §2: organizations, agents, apps, contacts, conversations, tags,
//! CC emails and contact events, with the indexes the sidebar reads through.
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000001_core"
    }
}

/// Dropped in reverse creation order by `down`.
const TABLES: &[&str] = &[
    "organizations",
    "users",
    "apps",
    "app_operators",
    "api_keys",
    "contacts",
    "app_contacts",
    "custom_attributes",
    "conversations",
    "messages",
    "tags",
    "contact_tags",
    "conversation_tags",
    "cc_emails",
    "contact_events",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();

        manager
            .create_table(
                Table::create()
                    .table("organizations")
                    .col(
                        ColumnDef::new("id")
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(text("name"))
                    .col(timestamp("created_at"))
                    .to_owned(),
            )
            .await?;

        // Users log in by email before their organization is known, so the email is unique
        // across organizations: this table is a lookup (reference) table, not a tenant shard.
        let mut users = tenant_table("users");
        with_serial_id(backend, &mut users, "users");
        users
            .col(text("email"))
            .col(text("name"))
            .col(text("password_hash"))
            .col(text("role"))
            .col(ColumnDef::new("revenue_permission").boolean().null())
            .col(
                ColumnDef::new("failed_login_count")
                    .integer()
                    .not_null()
                    .default(0),
            )
            .col(timestamp_null("login_blocked_until"))
            .col(timestamp("created_at"));
        manager.create_table(users).await?;
        manager
            .create_index(
                Index::create()
                    .name("users_email_key")
                    .table("users")
                    .col("email")
                    .unique()
                    .to_owned(),
            )
            .await?;

        let mut apps = tenant_table("apps");
        with_serial_id(backend, &mut apps, "apps");
        apps.col(text("public_key"))
            .col(text("name"))
            .col(text("identity_secret"))
            .col(boolean("require_identity_verification", false))
            .col(timestamp("created_at"));
        manager.create_table(apps).await?;
        // The widget names its app by public key before any organization is known.
        manager
            .create_index(
                Index::create()
                    .name("apps_public_key_key")
                    .table("apps")
                    .col("public_key")
                    .unique()
                    .to_owned(),
            )
            .await?;

        let mut operators = tenant_table("app_operators");
        operators
            .col(big_int("app_id"))
            .col(big_int("user_id"))
            .col(timestamp("created_at"));
        tenant_primary_key(&mut operators, &["app_id", "user_id"]);
        tenant_reference(
            &mut operators,
            "app_operators",
            "app_id",
            "apps",
            ForeignKeyAction::Cascade,
        );
        tenant_reference(
            &mut operators,
            "app_operators",
            "user_id",
            "users",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(operators).await?;
        manager
            .create_index(tenant_index(
                "app_operators_user",
                "app_operators",
                &["user_id"],
                false,
            ))
            .await?;

        let mut api_keys = tenant_table("api_keys");
        with_serial_id(backend, &mut api_keys, "api_keys");
        api_keys
            .col(big_int("app_id"))
            .col(text("name"))
            .col(text("secret_hash"))
            .col(json("scopes"))
            .col(timestamp("created_at"))
            .col(timestamp_null("last_used_at"))
            .col(timestamp_null("revoked_at"));
        tenant_reference(
            &mut api_keys,
            "api_keys",
            "app_id",
            "apps",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(api_keys).await?;
        manager
            .create_index(tenant_index("api_keys_app", "api_keys", &["app_id", "id"], false))
            .await?;

        let mut contacts = tenant_table("contacts");
        with_serial_id(backend, &mut contacts, "contacts");
        contacts
            .col(text_null("email"))
            .col(text_null("external_id"))
            .col(text_null("name"))
            .col(text_null("phone"))
            .col(text_null("company"))
            .col(text_null("avatar_url"))
            .col(text_null("city"))
            .col(text_null("region"))
            .col(text_null("country"))
            .col(text_null("time_zone"))
            .col(text_null("shopify_domain"))
            .col(timestamp_null("last_heartbeat_at"))
            .col(boolean("heartbeat_visible", false))
            .col(timestamp_null("last_activity_at"))
            .col(timestamp_null("last_seen_at"))
            .col(timestamp("created_at"))
            .col(timestamp("updated_at"));
        manager.create_table(contacts).await?;
        // Emails are stored lower-cased, so a plain unique index is case-insensitive.
        manager
            .create_index(tenant_index("contacts_email_key", "contacts", &["email"], true))
            .await?;
        manager
            .create_index(tenant_index(
                "contacts_external_id_key",
                "contacts",
                &["external_id"],
                true,
            ))
            .await?;
        manager
            .create_index(tenant_index(
                "contacts_shopify_domain",
                "contacts",
                &["shopify_domain"],
                false,
            ))
            .await?;

        let mut app_contacts = tenant_table("app_contacts");
        app_contacts
            .col(big_int("contact_id"))
            .col(big_int("app_id"))
            .col(timestamp("first_seen_at"))
            .col(timestamp("last_seen_at"));
        tenant_primary_key(&mut app_contacts, &["contact_id", "app_id"]);
        tenant_reference(
            &mut app_contacts,
            "app_contacts",
            "contact_id",
            "contacts",
            ForeignKeyAction::Cascade,
        );
        tenant_reference(
            &mut app_contacts,
            "app_contacts",
            "app_id",
            "apps",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(app_contacts).await?;
        manager
            .create_index(tenant_index(
                "app_contacts_app",
                "app_contacts",
                &["app_id", "contact_id"],
                false,
            ))
            .await?;

        // One row per custom-data key: two writers of different keys never touch the same row,
        // and each key keeps its own provenance.
        let mut attributes = tenant_table("custom_attributes");
        attributes
            .col(big_int("contact_id"))
            .col(big_int("app_id"))
            .col(text("key"))
            .col(json("value"))
            .col(text("source"))
            .col(timestamp("updated_at"));
        tenant_primary_key(&mut attributes, &["contact_id", "app_id", "key"]);
        attributes.foreign_key(
            ForeignKey::create()
                .name("fk_custom_attributes_app_contact")
                .from("custom_attributes", (ORG, "contact_id", "app_id"))
                .to("app_contacts", (ORG, "contact_id", "app_id"))
                .on_delete(ForeignKeyAction::Cascade),
        );
        manager.create_table(attributes).await?;

        let mut conversations = tenant_table("conversations");
        conversations
            .col(ColumnDef::new("id").uuid().not_null())
            .col(big_int("app_id"))
            .col(big_int("contact_id"))
            .col(text("status"))
            .col(text("title"))
            .col(text("summary"))
            .col(text("channel"))
            .col(big_int_null("assignee_id"))
            .col(boolean("identity_verified", false))
            .col(timestamp("created_at"))
            .col(timestamp("last_activity_at"))
            .col(timestamp_null("resolved_at"));
        tenant_primary_key(&mut conversations, &["id"]);
        tenant_reference(
            &mut conversations,
            "conversations",
            "app_id",
            "apps",
            ForeignKeyAction::Cascade,
        );
        tenant_reference(
            &mut conversations,
            "conversations",
            "contact_id",
            "contacts",
            ForeignKeyAction::Cascade,
        );
        // Composite keys cannot SET NULL one column portably: users are unassigned before removal.
        tenant_reference(
            &mut conversations,
            "conversations",
            "assignee_id",
            "users",
            ForeignKeyAction::NoAction,
        );
        manager.create_table(conversations).await?;
        manager
            .create_index(tenant_index(
                "conversations_contact_activity",
                "conversations",
                &["contact_id", "last_activity_at", "id"],
                false,
            ))
            .await?;
        manager
            .create_index(tenant_index(
                "conversations_app_status_activity",
                "conversations",
                &["app_id", "status", "last_activity_at", "id"],
                false,
            ))
            .await?;

        let mut messages = tenant_table("messages");
        with_serial_id(backend, &mut messages, "messages");
        messages
            .col(ColumnDef::new("conversation_id").uuid().not_null())
            .col(text("message_type"))
            .col(text("content"))
            .col(big_int_null("author_user_id"))
            .col(big_int_null("author_contact_id"))
            .col(timestamp("created_at"));
        tenant_reference(
            &mut messages,
            "messages",
            "conversation_id",
            "conversations",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(messages).await?;
        manager
            .create_index(tenant_index(
                "messages_conversation_time",
                "messages",
                &["conversation_id", "created_at", "id"],
                false,
            ))
            .await?;

        let mut tags = tenant_table("tags");
        with_serial_id(backend, &mut tags, "tags");
        tags.col(text("name"))
            .col(text("color"))
            .col(text("scope"))
            .col(timestamp("created_at"));
        manager.create_table(tags).await?;
        manager
            .create_index(tenant_index("tags_name_key", "tags", &["name"], true))
            .await?;

        let mut contact_tags = tenant_table("contact_tags");
        contact_tags
            .col(big_int("contact_id"))
            .col(big_int("tag_id"))
            .col(timestamp("created_at"));
        tenant_primary_key(&mut contact_tags, &["contact_id", "tag_id"]);
        tenant_reference(
            &mut contact_tags,
            "contact_tags",
            "contact_id",
            "contacts",
            ForeignKeyAction::Cascade,
        );
        tenant_reference(
            &mut contact_tags,
            "contact_tags",
            "tag_id",
            "tags",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(contact_tags).await?;
        manager
            .create_index(tenant_index(
                "contact_tags_tag",
                "contact_tags",
                &["tag_id", "contact_id"],
                false,
            ))
            .await?;

        let mut conversation_tags = tenant_table("conversation_tags");
        conversation_tags
            .col(ColumnDef::new("conversation_id").uuid().not_null())
            .col(big_int("tag_id"))
            .col(timestamp("created_at"));
        tenant_primary_key(&mut conversation_tags, &["conversation_id", "tag_id"]);
        tenant_reference(
            &mut conversation_tags,
            "conversation_tags",
            "conversation_id",
            "conversations",
            ForeignKeyAction::Cascade,
        );
        tenant_reference(
            &mut conversation_tags,
            "conversation_tags",
            "tag_id",
            "tags",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(conversation_tags).await?;
        manager
            .create_index(tenant_index(
                "conversation_tags_tag",
                "conversation_tags",
                &["tag_id", "conversation_id"],
                false,
            ))
            .await?;

        let mut cc_emails = tenant_table("cc_emails");
        cc_emails
            .col(ColumnDef::new("conversation_id").uuid().not_null())
            .col(text("email"))
            .col(timestamp("created_at"));
        tenant_primary_key(&mut cc_emails, &["conversation_id", "email"]);
        tenant_reference(
            &mut cc_emails,
            "cc_emails",
            "conversation_id",
            "conversations",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(cc_emails).await?;

        let mut events = tenant_table("contact_events");
        with_serial_id(backend, &mut events, "contact_events");
        events
            .col(big_int("contact_id"))
            .col(big_int_null("app_id"))
            .col(text("name"))
            .col(timestamp("occurred_at"))
            .col(json("properties"))
            .col(text_null("idempotency_key"))
            .col(text_null("request_hash"))
            .col(timestamp("created_at"));
        tenant_reference(
            &mut events,
            "contact_events",
            "contact_id",
            "contacts",
            ForeignKeyAction::Cascade,
        );
        tenant_reference(
            &mut events,
            "contact_events",
            "app_id",
            "apps",
            ForeignKeyAction::NoAction,
        );
        manager.create_table(events).await?;
        manager
            .create_index(tenant_index(
                "contact_events_contact_time",
                "contact_events",
                &["contact_id", "occurred_at", "id"],
                false,
            ))
            .await?;
        manager
            .create_index(tenant_index(
                "contact_events_contact_name_time",
                "contact_events",
                &["contact_id", "name", "occurred_at", "id"],
                false,
            ))
            .await?;
        manager
            .create_index(tenant_index(
                "contact_events_idempotency_key",
                "contact_events",
                &["contact_id", "idempotency_key"],
                true,
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(*table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
