//! `GET /contacts/export.csv`: the filtered contacts list as CSV, streamed chunk by chunk in
//! constant memory. Everything that can refuse the request (the role, the filter) is checked
//! before the first byte, so a refusal is still an ordinary error response; once streaming,
//! a failure ends the body without its last chunk, never with a clean end.
use crate::auth::AgentScope;
use crate::domain::contact_order::{ContactPosition, ContactSort};
use crate::domain::export_csv::{self, CsvLayout};
use crate::repo;
use crate::services::contacts::{ContactCriteria, ContactSearch};
use crate::services::error::ServiceError;
use futures_util::Stream;
use sea_orm::DatabaseConnection;
use std::collections::HashMap;

/// Contacts read, and written, per step: a few hundred KiB of CSV at most, whatever the total.
pub const CHUNK_SIZE: u64 = 500;

/// An export whose filter and columns are settled; [`CsvExport::into_stream`] writes it.
pub struct CsvExport {
    db: DatabaseConnection,
    organization_id: i64,
    criteria: ContactCriteria,
    layout: CsvLayout,
    chunk_size: u64,
}

/// Checks the caller and the filter (the same as the contacts list's, `sort` aside: an export
/// walks the contacts by id, newest first, the one order no contact moves in while it runs)
/// and reads the organization's custom-data columns.
pub async fn start(
    db: &DatabaseConnection,
    scope: &AgentScope,
    query: Option<&str>,
    tag: Option<&str>,
    provenance: bool,
) -> Result<CsvExport, ServiceError> {
    scope.require_owner_or_admin()?;
    let mut criteria = ContactCriteria::parse(&ContactSearch {
        query,
        tag,
        sort: None,
    })?;
    criteria.sort = ContactSort::Created;
    let columns = repo::contact_export::custom_data_columns(db, scope.organization_id).await?;
    Ok(CsvExport {
        db: db.clone(),
        organization_id: scope.organization_id,
        criteria,
        layout: CsvLayout::new(columns, provenance),
        chunk_size: CHUNK_SIZE,
    })
}

/// Where the walk stands between two chunks.
enum Step {
    /// Nothing written yet: the header goes first.
    Start,
    /// Rows after this id (descending) remain.
    After(ContactPosition),
}

impl CsvExport {
    /// The CSV, one item per chunk of contacts: the header with the first chunk, then each
    /// chunk's rows. Holds one chunk at a time; a failure is the stream's last item.
    pub fn into_stream(self) -> impl Stream<Item = Result<Vec<u8>, ServiceError>> + 'static {
        futures_util::stream::try_unfold(Some((self, Step::Start)), |state| async move {
            let Some((export, step)) = state else {
                return Ok(None);
            };
            let (bytes, next) = export.chunk(&step).await?;
            Ok(Some((
                bytes,
                next.map(|position| (export, Step::After(position))),
            )))
        })
    }

    /// One chunk's CSV and, when more contacts follow, where the next chunk starts.
    async fn chunk(&self, step: &Step) -> Result<(Vec<u8>, Option<ContactPosition>), ServiceError> {
        let after = match step {
            Step::Start => None,
            Step::After(position) => Some(position),
        };
        let org = self.organization_id;
        let mut listed =
            repo::contacts::list(&self.db, org, &self.criteria.filter(after, self.chunk_size)).await?;
        let more = listed.len() as u64 > self.chunk_size;
        listed.truncate(self.chunk_size as usize);
        let ids: Vec<i64> = listed.iter().map(|row| row.contact.id).collect();
        let (tags, attributes) = futures_util::try_join!(
            repo::contact_export::tag_names(&self.db, org, &ids),
            repo::custom_data::for_contacts(&self.db, org, &ids),
        )?;
        let mut tags_of: HashMap<i64, Vec<&str>> = HashMap::new();
        for (contact_id, name) in &tags {
            tags_of.entry(*contact_id).or_default().push(name);
        }
        let mut attributes_of: HashMap<i64, Vec<_>> = HashMap::new();
        for attribute in &attributes {
            attributes_of
                .entry(attribute.contact_id)
                .or_default()
                .push(attribute);
        }
        let mut records = Vec::with_capacity(listed.len() + 1);
        if matches!(step, Step::Start) {
            records.push(self.layout.header());
        }
        for row in &listed {
            let id = row.contact.id;
            records.push(self.layout.row(
                &row.contact,
                tags_of.get(&id).map_or(&[][..], Vec::as_slice),
                attributes_of.get(&id).map_or(&[][..], Vec::as_slice),
            ));
        }
        let bytes = export_csv::write_records(records.iter().map(Vec::as_slice))
            .map_err(|err| ServiceError::internal(err.into()))?;
        let next = more.then(|| listed.pop().map(|row| row.position)).flatten();
        Ok((bytes, next))
    }
}
