//! The uploaded file as CSV: UTF-8, a header, records (RFC 4180, read with the `csv` crate).
use csv::{ReaderBuilder, StringRecord};

/// A file refused as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProblem {
    pub code: &'static str,
    pub message: String,
}

fn problem(code: &'static str, message: impl Into<String>) -> FileProblem {
    FileProblem {
        code,
        message: message.into(),
    }
}

/// The text of an upload: UTF-8, with a spreadsheet's byte-order mark dropped.
pub fn text(bytes: Vec<u8>) -> Result<String, FileProblem> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(problem("empty_file", "The file is empty"));
    }
    let mut text = String::from_utf8(bytes).map_err(|err| {
        problem(
            "invalid_encoding",
            format!(
                "The file is not UTF-8 (at byte {})",
                err.utf8_error().valid_up_to()
            ),
        )
    })?;
    if text.contains('\0') {
        // PostgreSQL cannot store NUL in text, and no contact field may hold it.
        return Err(problem("invalid_encoding", "The file contains a NUL character"));
    }
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// Records of differing lengths are read (and reported per row), not refused.
pub fn reader(text: &str) -> csv::Reader<&[u8]> {
    ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// The records after the header, each as its cells (a record that cannot be read as the
/// problem, so its row is reported and the others go on).
pub fn rows(text: &str) -> impl Iterator<Item = Result<Vec<String>, FileProblem>> + '_ {
    reader(text).into_records().map(|record| {
        record
            .map(|record| record.iter().map(str::to_owned).collect())
            .map_err(|err| problem("malformed_csv", format!("The record cannot be read: {err}")))
    })
}

/// The header and the number of records, checking every record reads.
pub fn survey(text: &str) -> Result<(Vec<String>, u64), FileProblem> {
    let mut reader = reader(text);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|err| problem("malformed_csv", format!("The header cannot be read: {err}")))?
        .iter()
        .map(str::to_owned)
        .collect();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(problem("missing_header", "The first line must name the columns"));
    }
    let mut rows = 0;
    let mut record = StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => rows += 1,
            Ok(false) => break,
            Err(err) => {
                return Err(problem(
                    "malformed_csv",
                    format!("Record {} cannot be read: {err}", rows + 1),
                ))
            }
        }
    }
    if rows == 0 {
        return Err(problem("no_rows", "The file has a header but no rows"));
    }
    Ok((headers, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_refused_with_a_code() {
        assert_eq!(text(b"  \n".to_vec()).unwrap_err().code, "empty_file");
        assert_eq!(
            text(vec![b'a', 0xff, b'\n']).unwrap_err().code,
            "invalid_encoding"
        );
        assert_eq!(survey("email\n").unwrap_err().code, "no_rows");
        assert_eq!(survey(",\na,b\n").unwrap_err().code, "missing_header");
    }

    #[test]
    fn quoted_cells_and_a_bom_read() {
        let text = text("\u{feff}email,name\n\"a@b.io\",\"Lovelace, Ada\"\nc@d.io\n".into()).unwrap();
        let (headers, rows) = survey(&text).unwrap();
        assert_eq!(headers, vec!["email", "name"]);
        assert_eq!(rows, 2);
    }
}
