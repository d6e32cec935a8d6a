//! `state.bin`: the statistics of a shard's chunks, checked on reading.
//!
//! The file starts with the 8 bytes `NEGSIMST` and the format version
//! ([`STATE_FORMAT`], u32 little-endian). Then each chunk: its length
//! (u64 little-endian), its postcard bytes, and a CRC-32 (IEEE, u32
//! little-endian) of the length and the bytes. A reader refuses, naming the
//! file: another magic or version; a length above [`MAX_CHUNK`] or above
//! what is left of the file (checked before anything is allocated); a
//! checksum that does not match; bytes postcard does not decode whole; and
//! bytes after the last chunk. CRC-32 detects every error within 32
//! consecutive bits, so every one-byte corruption is found.

use crate::error::{Error, Result};
use crate::run::stats::{Clustered, PairStats};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// The first bytes of a `state.bin`.
pub const MAGIC: &[u8; 8] = b"NEGSIMST";
/// Version of the `state.bin` layout.
pub const STATE_FORMAT: u32 = 3;
/// Bytes of the file header (magic and version).
pub const STATE_HEADER: u64 = 12;
/// Largest chunk a reader accepts (1 GiB): a chunk holds one chunk of
/// runs' statistics per ordered pairing, a few KiB each.
pub const MAX_CHUNK: u64 = 1 << 30;

/// The statistics of one chunk, as stored in `state.bin`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChunkState {
    /// Per ordered pairing (A-major).
    pub pairs: Vec<PairStats>,
    /// Per-strategy per-match means.
    pub clustered: Clustered,
}

/// CRC-32 of a chunk's length bytes and its bytes.
fn checksum(len: &[u8; 8], bytes: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(len);
    h.update(bytes);
    h.finalize()
}

/// Writes the chunks of a shard.
pub struct StateWriter {
    out: BufWriter<File>,
    path: PathBuf,
    chunks: u64,
    bytes: u64,
}

impl StateWriter {
    /// Create `path` and write its header.
    pub fn create(path: &Path) -> Result<Self> {
        let werr = |source| Error::Write {
            path: path.to_path_buf(),
            source,
        };
        let f = File::create(path).map_err(werr)?;
        let mut out = BufWriter::with_capacity(1 << 20, f);
        out.write_all(MAGIC)
            .and_then(|()| out.write_all(&STATE_FORMAT.to_le_bytes()))
            .map_err(werr)?;
        Ok(StateWriter {
            out,
            path: path.to_path_buf(),
            chunks: 0,
            bytes: STATE_HEADER,
        })
    }

    /// Append a chunk.
    pub fn push(&mut self, chunk: &ChunkState) -> Result<()> {
        let werr = |source| Error::Write {
            path: self.path.clone(),
            source,
        };
        let bytes = postcard::to_stdvec(chunk).map_err(|e| werr(std::io::Error::other(e)))?;
        let len = (bytes.len() as u64).to_le_bytes();
        let crc = checksum(&len, &bytes);
        self.out
            .write_all(&len)
            .and_then(|()| self.out.write_all(&bytes))
            .and_then(|()| self.out.write_all(&crc.to_le_bytes()))
            .map_err(werr)?;
        self.chunks += 1;
        self.bytes += 8 + bytes.len() as u64 + 4;
        Ok(())
    }

    /// Flush; returns (chunks, bytes) written.
    pub fn finish(mut self) -> Result<(u64, u64)> {
        self.out.flush().map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })?;
        Ok((self.chunks, self.bytes))
    }
}

/// Reads the chunks of a shard back, checking each.
pub struct StateReader {
    inp: BufReader<File>,
    path: PathBuf,
    buf: Vec<u8>,
    /// Bytes read so far.
    at: u64,
    /// Size of the file.
    size: u64,
}

impl StateReader {
    /// Open `path` and check its header.
    pub fn open(path: &Path) -> Result<Self> {
        let f = File::open(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let size = f
            .metadata()
            .map_err(|source| Error::Read {
                path: path.to_path_buf(),
                source,
            })?
            .len();
        let mut r = StateReader {
            inp: BufReader::with_capacity(1 << 20, f),
            path: path.to_path_buf(),
            buf: Vec::new(),
            at: 0,
            size,
        };
        let mut head = [0u8; STATE_HEADER as usize];
        r.read(&mut head)?;
        if &head[..8] != MAGIC {
            return Err(r.corrupt("does not start as a negsim shard state (NEGSIMST)".into()));
        }
        let version = u32::from_le_bytes(head[8..12].try_into().expect("4 bytes"));
        if version != STATE_FORMAT {
            return Err(r.corrupt(format!(
                "state format {version}, this negsim reads format {STATE_FORMAT}"
            )));
        }
        Ok(r)
    }

    fn corrupt(&self, why: String) -> Error {
        Error::Results {
            path: self.path.clone(),
            message: format!(
                "corrupted shard state: {why}; this shard is not merged: rerun it (with --force)"
            ),
        }
    }

    fn read(&mut self, buf: &mut [u8]) -> Result<()> {
        if buf.len() as u64 > self.size - self.at {
            return Err(self.corrupt(format!(
                "truncated: {} bytes needed at byte {}, {} left",
                buf.len(),
                self.at,
                self.size - self.at
            )));
        }
        self.inp.read_exact(buf).map_err(|source| Error::Read {
            path: self.path.clone(),
            source,
        })?;
        self.at += buf.len() as u64;
        Ok(())
    }

    /// The next chunk, checked.
    pub fn next_chunk(&mut self) -> Result<ChunkState> {
        let start = self.at;
        let mut len_bytes = [0u8; 8];
        self.read(&mut len_bytes)?;
        let len = u64::from_le_bytes(len_bytes);
        // Bound the length before allocating: never more than the file
        // holds, nor more than any chunk can be.
        if len > MAX_CHUNK || len.saturating_add(4) > self.size - self.at {
            return Err(self.corrupt(format!(
                "a chunk of {len} bytes at byte {start}, with {} bytes left in the file (at most {MAX_CHUNK})",
                self.size - self.at
            )));
        }
        let mut buf = std::mem::take(&mut self.buf);
        buf.resize(len as usize, 0);
        self.read(&mut buf)?;
        let mut crc = [0u8; 4];
        self.read(&mut crc)?;
        let result = if u32::from_le_bytes(crc) != checksum(&len_bytes, &buf) {
            Err(self.corrupt(format!(
                "the checksum of the chunk at byte {start} does not match"
            )))
        } else {
            match postcard::take_from_bytes::<ChunkState>(&buf) {
                Ok((chunk, [])) => Ok(chunk),
                Ok(_) => Err(self.corrupt(format!("the chunk at byte {start} has trailing bytes"))),
                Err(e) => {
                    Err(self.corrupt(format!("the chunk at byte {start} is unreadable ({e})")))
                }
            }
        };
        self.buf = buf;
        result
    }

    /// Check that every byte was read: nothing follows the last chunk.
    pub fn finish(self) -> Result<()> {
        if self.at != self.size {
            return Err(self.corrupt(format!(
                "{} bytes after the last chunk, at byte {}",
                self.size - self.at,
                self.at
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk() -> ChunkState {
        let mut exp = crate::config::Experiment::default_tournament();
        exp.runs = 20;
        exp.match_runs = 1;
        let played = crate::run::tournament::play_chunk(&exp, 0, 20, false);
        ChunkState {
            pairs: played.pairs.into_iter().map(|(s, _)| s).collect(),
            clustered: played.clustered,
        }
    }

    /// Every single-bit flip of a two-chunk file is refused, and a length
    /// byte made huge is refused before allocating.
    #[test]
    fn every_flipped_bit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.bin");
        let c = chunk();
        let mut w = StateWriter::create(&path).unwrap();
        w.push(&c).unwrap();
        w.push(&c).unwrap();
        let (chunks, bytes) = w.finish().unwrap();
        let good = std::fs::read(&path).unwrap();
        assert_eq!((chunks, bytes), (2, good.len() as u64));
        let read_all = |bytes: &[u8]| -> Result<Vec<ChunkState>> {
            std::fs::write(&path, bytes).unwrap();
            let mut r = StateReader::open(&path)?;
            let v = vec![r.next_chunk()?, r.next_chunk()?];
            r.finish()?;
            Ok(v)
        };
        assert_eq!(read_all(&good).unwrap(), vec![c.clone(), c]);
        // Every bit of the header, the first chunk's length and checksum,
        // and 300 bits spread over the rest.
        let first = 12 + 8 + u64::from_le_bytes(good[12..20].try_into().unwrap()) as usize;
        let bits = good.len() * 8;
        let chosen = (0..20 * 8)
            .chain(first * 8..(first + 4) * 8)
            .chain((0..300).map(|i| i * bits / 300 + i % 8));
        let mut refused = 0;
        for bit in chosen {
            let byte = bit / 8;
            let mut bad = good.clone();
            bad[byte] ^= 1 << (bit % 8);
            let err = read_all(&bad).expect_err(&format!("bit {bit} flipped was read"));
            assert!(err.to_string().contains("state.bin"), "{err}");
            refused += 1;
        }
        assert_eq!(refused, 20 * 8 + 4 * 8 + 300);
        let mut huge = good.clone();
        huge[12 + 7] = 0x7f;
        let err = read_all(&huge).unwrap_err().to_string();
        assert!(err.contains("bytes left"), "{err}");
    }
}
