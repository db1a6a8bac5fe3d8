//! attache's embedded store: documents, sentences and events kept once, safely, with stable ids,
//! in one SQLite file (compiled in, no system library).
//!
//! - `lib.rs` (here): [`Store`], opening, connection settings, integrity checks.
//! - `schema.rs`: [`STORE_SCHEMA_VERSION`] and the numbered migrations in `migrations/*.sql`.
//! - `writer.rs`: [`Store::write_batch`], one transaction per batch, idempotent.
//! - `reader.rs`: documents, sentences and filtered events back as `attache_record` values.
//! - `columns.rs`: how record values map to column values.
//!
//! Guarantees: a batch is committed whole or not at all; a committed batch survives the process
//! being killed and the machine losing power (WAL, `synchronous = FULL`); writing the same
//! documents and events again changes nothing (content hashes and event ids are keys), so a killed
//! run resumes by simply running again. Reading an event back gives an `Event` equal to the one
//! written. The store knows nothing of wire formats: exports read records from here.

mod columns;
mod error;
mod reader;
mod schema;
mod writer;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OpenFlags};

pub use error::StoreError;
pub use reader::{EventFilter, ModalityKind, StoreStats};
pub use schema::{APPLICATION_ID, STORE_SCHEMA_VERSION};
pub use writer::{BatchSummary, DocumentBatchItem, DocumentIdConflict};

/// How long a writer waits for another process's write transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// WAL pages (4 KiB) between automatic checkpoints: 32 MiB instead of SQLite's 4 MiB. Each
/// checkpoint syncs the database file; checkpointing less often halved the time to write 10,000
/// articles on the development machine, at the cost of a WAL file up to this size.
const WAL_CHECKPOINT_PAGES: u32 = 8000;

/// Bytes the WAL file is cut back to after a checkpoint, so a burst does not leave it large.
const WAL_SIZE_LIMIT: u64 = 32 * 1024 * 1024;

/// An open store: one SQLite connection. `Send`, not `Sync`: one per thread.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the store at `path` for reading and writing, creating it if missing and migrating
    /// an older schema forward. Refuses a file that is not an attache store or is newer than
    /// this attache.
    ///
    /// Settings: WAL journal (readers never block the writer and a crash leaves the last
    /// committed state), `synchronous = FULL` (the WAL is synced at every commit, so a committed
    /// batch survives power loss too, not only a killed process, which `NORMAL` would already
    /// survive; the cost is one sync per batch, so batches should hold tens to hundreds of
    /// articles), foreign keys enforced, a busy timeout so two attache processes on one store
    /// wait for each other instead of failing.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = open_connection(&path, flags)?;
        // SQLite quietly falls back to read-only when it may not write the file.
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(StoreError::Open { path, problem: "the file is read-only".into() });
        }
        let identity = schema::identify(&conn, &path)?;
        let cannot = |e: rusqlite::Error| StoreError::Open { path: path.clone(), problem: e.to_string() };
        let mode: String =
            retry_while_busy(|| conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))).map_err(cannot)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Open {
                path,
                problem: format!("the file system does not support WAL (journal mode stayed `{mode}`)"),
            });
        }
        retry_while_busy(|| {
            conn.execute_batch(&format!(
                "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
                 PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}; PRAGMA journal_size_limit = {WAL_SIZE_LIMIT};"
            ))
        })
        .map_err(cannot)?;
        if identity.version < STORE_SCHEMA_VERSION {
            if !identity.is_empty {
                tracing::info!(path = %path.display(), from = identity.version, to = STORE_SCHEMA_VERSION, "migrating store");
            }
            schema::migrate(&mut conn, &path)?;
        }
        Ok(Store { conn, path })
    }

    /// Opens an existing store for reading only (`attache query`, `export`, the server). Never
    /// creates, migrates or writes; a store at an older schema is refused with
    /// [`StoreError::NeedsMigration`].
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        if !path.is_file() {
            return Err(StoreError::Open { path, problem: "no such file".into() });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = open_connection(&path, flags)?;
        let identity = schema::identify(&conn, &path)?;
        if identity.is_empty {
            return Err(StoreError::NotAStore { path, problem: "the database is empty".into() });
        }
        if identity.version < STORE_SCHEMA_VERSION {
            return Err(StoreError::NeedsMigration { path, found: identity.version, expected: STORE_SCHEMA_VERSION });
        }
        Ok(Store { conn, path })
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open store (always [`STORE_SCHEMA_VERSION`] once opened).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(self.sqlite("reading the schema version"))?;
        Ok(u32::try_from(v).unwrap_or(u32::MAX))
    }

    /// Runs SQLite's `integrity_check` (pages, indexes, NOT NULL) and `foreign_key_check`
    /// (every sentence, event, mention and actor row has its parent). `Ok` when both are clean.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check").map_err(self.sqlite("checking integrity"))?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(self.sqlite("checking integrity"))?;
        for row in rows {
            let line = row.map_err(self.sqlite("checking integrity"))?;
            if line != "ok" {
                problems.push(line);
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check").map_err(self.sqlite("checking foreign keys"))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(format!(
                    "row {} of `{}` points at a missing `{}` row",
                    r.get::<_, i64>(1).unwrap_or(-1),
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(2)?
                ))
            })
            .map_err(self.sqlite("checking foreign keys"))?;
        for row in rows {
            problems.push(row.map_err(self.sqlite("checking foreign keys"))?);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Integrity { path: self.path.clone(), problems })
        }
    }

    /// Maps a SQLite error to [`StoreError::Sqlite`] naming this store and what it was doing.
    fn sqlite(&self, doing: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sqlite { path: self.path.clone(), doing, source }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

/// Runs `f` again while SQLite answers "busy" or "locked", for at most [`BUSY_TIMEOUT`]. Switching
/// a new file to WAL needs an exclusive lock, and SQLite reports a conflict there at once rather
/// than through the busy handler, so processes opening a new store together would fail without it.
fn retry_while_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let start = std::time::Instant::now();
    loop {
        match f() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                    && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

/// Opens the connection and sets what both readers and writers need.
fn open_connection(path: &Path, flags: OpenFlags) -> Result<Connection, StoreError> {
    let cannot = |e: rusqlite::Error| StoreError::Open { path: path.to_path_buf(), problem: e.to_string() };
    let conn = Connection::open_with_flags(path, flags).map_err(cannot)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(cannot)?;
    conn.set_prepared_statement_cache_capacity(32);
    register_functions(&conn).map_err(cannot)?;
    Ok(conn)
}

/// `attache_contains(haystack, needle)`: case-insensitive substring test with full Unicode
/// lower-casing (SQLite's own `lower` and `LIKE` fold ASCII only). NULL haystacks never match.
fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "attache_contains",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let haystack: Option<String> = ctx.get(0)?;
            let needle: String = ctx.get(1)?;
            Ok(haystack.is_some_and(|h| contains_ignoring_case(&h, &needle)))
        },
    )
}

pub(crate) fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}
