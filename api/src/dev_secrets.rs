//! Development secrets (the JWT key and the encryption key when the environment gives none),
//! kept under the data folder so sessions and sealed values survive restarts, and readable by
//! this user only: anyone who reads them can forge sessions and unseal the Shopify token.
use anyhow::Context;
use rand::RngCore;
use std::fs::{DirBuilder, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

const DIR_MODE: u32 = 0o700;
const FILE_MODE: u32 = 0o600;
/// Any access for group or others.
const SHARED_BITS: u32 = 0o077;
const STICKY: u32 = 0o1000;

/// The secret in `data_dir/name`, created on first use as 32 random bytes in hex. A file or
/// folder that others can read (from before this was enforced, or copied in) is tightened,
/// with a warning: the secret may have been read already.
pub fn load_or_create(data_dir: &Path, name: &str, min_len: usize) -> anyhow::Result<String> {
    private_dir(data_dir)?;
    let path = data_dir.join(name);
    if path.exists() {
        tighten(&path, FILE_MODE)?;
        let existing =
            std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        if existing.trim().len() >= min_len {
            return Ok(existing.trim().to_owned());
        }
    }
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    // The mode is given at creation: a file created with the default mode and narrowed after
    // would be readable in between.
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(FILE_MODE)
        .open(&path)
        .and_then(|mut file| file.write_all(secret.as_bytes()))
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(secret)
}

fn private_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.is_dir() {
        return tighten(dir, DIR_MODE);
    }
    DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)
        .with_context(|| format!("creating {}", dir.display()))
}

fn tighten(path: &Path, mode: u32) -> anyhow::Result<()> {
    let current = std::fs::metadata(path)
        .with_context(|| format!("reading the permissions of {}", path.display()))?
        .permissions()
        .mode();
    if current & SHARED_BITS == 0 {
        return Ok(());
    }
    // A shared folder such as /tmp (sticky bit) is not ours to close; the files in it still
    // are private.
    if path.is_dir() && current & STICKY != 0 {
        tracing::warn!(
            path = %path.display(),
            mode = format!("{:o}", current & 0o7777),
            "the data folder is a shared folder; keep development secrets in a folder of their own (CONVOT_DATA_DIR)"
        );
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .with_context(|| format!("restricting {} to mode {mode:o}", path.display()))?;
    tracing::warn!(
        path = %path.display(),
        was = format!("{:o}", current & 0o777),
        now = format!("{mode:o}"),
        "development secret storage was readable by other users; restricted it (rotate the secret if others may have read it)"
    );
    Ok(())
}
