//! How the background scans lease queued rows across organizations (the email outbox, the
//! webhook deliveries, queued imports). Read once per worker when it starts.
use crate::repo::dialect::Dialect;
use crate::repo::topology::Topology;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, QueryResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claiming {
    /// One statement, `UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)`: a
    /// concurrent worker passes over the rows being claimed (SQLite, one writer at a time,
    /// needs no lock clause).
    InOneStatement,
    /// On a Citus coordinator, which cannot lock rows in a statement over several shards:
    /// the due rows are read without locks, then leased per organization by an `UPDATE` that
    /// checks the lease again. Each such update goes to one shard; a concurrent claimer of
    /// the same rows waits for the row lock and then finds them leased, so none is leased
    /// twice.
    PerOrganization,
}

impl Claiming {
    pub async fn of(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        Ok(Self::on(Topology::of(db).await?))
    }

    pub fn on(topology: Topology) -> Self {
        match topology {
            Topology::Citus => Claiming::PerOrganization,
            Topology::OneNode => Claiming::InOneStatement,
        }
    }
}

/// The second half of a [`Claiming::PerOrganization`] claim: `due` are rows of
/// `organization_id, id` read across shards; each organization's are leased by `update`, given
/// the `IN (…)` list, with `$1` the lease's end, `$2` the token, `$3` the organization, `$4`
/// now and the ids from `$5`; it must re-check the lease and return the leased rows.
pub async fn lease_by_organization<M: FromQueryResult>(
    db: &impl ConnectionTrait,
    due: Vec<QueryResult>,
    lease_until: DateTime<Utc>,
    token: &str,
    now: DateTime<Utc>,
    update: impl Fn(&str) -> String,
) -> Result<Vec<M>, DbErr> {
    let mut pairs = Vec::with_capacity(due.len());
    for row in due {
        pairs.push((
            row.try_get::<i64>("", "organization_id")?,
            row.try_get::<i64>("", "id")?,
        ));
    }
    let dialect = Dialect::of(db);
    let mut leased = Vec::with_capacity(pairs.len());
    for (organization_id, ids) in by_organization(pairs) {
        let sql = update(&placeholders(5, ids.len()));
        let mut values: Vec<sea_orm::Value> = vec![
            lease_until.into(),
            token.into(),
            organization_id.into(),
            now.into(),
        ];
        values.extend(ids.iter().map(|id| sea_orm::Value::from(*id)));
        leased.extend(
            M::find_by_statement(dialect.statement(&sql, values))
                .all(db)
                .await?,
        );
    }
    Ok(leased)
}

/// `(organization_id, id)` pairs grouped by organization, in first-seen order, so a claim
/// sends one statement per organization.
pub fn by_organization(rows: impl IntoIterator<Item = (i64, i64)>) -> Vec<(i64, Vec<i64>)> {
    let mut groups: Vec<(i64, Vec<i64>)> = Vec::new();
    for (organization_id, id) in rows {
        match groups.iter_mut().find(|(org, _)| *org == organization_id) {
            Some((_, ids)) => ids.push(id),
            None => groups.push((organization_id, vec![id])),
        }
    }
    groups
}

/// `$first, $first+1, …` for an `IN (…)` list of `count` values.
pub fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_group_by_organization_in_first_seen_order() {
        let groups = by_organization([(7, 1), (3, 2), (7, 4), (3, 5), (9, 6)]);
        assert_eq!(groups, vec![(7, vec![1, 4]), (3, vec![2, 5]), (9, vec![6])]);
        assert_eq!(placeholders(3, 3), "$3, $4, $5");
    }
}
