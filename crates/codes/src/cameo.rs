//! CAMEO event codes: the table in `data/codes/cameo.tsv`, Goldstein scores and quad classes
//! under the two conventions in use.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use crate::UnknownCode;

const TABLE: &str = include_str!("../../../data/codes/cameo.tsv");

/// One row of the CAMEO table.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoInfo {
    pub code: CameoCode,
    pub label: String,
    pub goldstein: f32,
}

/// A CAMEO event code from the table: two to four digits, e.g. `04`, `043`, `0431`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CameoCode {
    /// ASCII digits, `len` of them used.
    digits: [u8; 4],
    len: u8,
}

struct Table {
    rows: Vec<CameoInfo>,
    by_code: HashMap<CameoCode, usize>,
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        let mut rows = Vec::new();
        for line in TABLE.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            // The file is compiled in and checked by a test; a bad row is skipped, not a panic.
            let (Some(code), Some(label), Some(goldstein)) =
                (cols.first().and_then(|c| CameoCode::parse_digits(c)), cols.get(3), cols.get(4))
            else {
                continue;
            };
            let Ok(goldstein) = goldstein.parse() else { continue };
            rows.push(CameoInfo { code, label: label.to_string(), goldstein });
        }
        let by_code = rows.iter().enumerate().map(|(i, r)| (r.code, i)).collect();
        Table { rows, by_code }
    })
}

impl CameoCode {
    fn parse_digits(s: &str) -> Option<CameoCode> {
        let b = s.as_bytes();
        if !(2..=4).contains(&b.len()) || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let mut digits = [b'0'; 4];
        digits[..b.len()].copy_from_slice(b);
        Some(CameoCode { digits, len: b.len() as u8 })
    }

    /// Every code in the table, in file order.
    pub fn all() -> impl Iterator<Item = &'static CameoInfo> {
        table().rows.iter()
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits[..usize::from(self.len)]).unwrap_or("??")
    }

    /// The two-digit root (`04` for `043`).
    pub fn root(&self) -> CameoCode {
        CameoCode { digits: [self.digits[0], self.digits[1], b'0', b'0'], len: 2 }
    }

    /// The root as a number, 1..=20.
    pub fn root_number(&self) -> u8 {
        (self.digits[0] - b'0') * 10 + (self.digits[1] - b'0')
    }

    /// Whether several actors doing this with nobody else named do it to each other: cooperation
    /// (roots 03–06: intent to cooperate, consult, diplomatic and material cooperation). "France
    /// and Italy met" is one event with two actors; CAMEO-style dyadic data (PETRARCH, GDELT,
    /// Phoenix) writes it as the pairs France→Italy and Italy→France.
    pub fn is_mutual_among_actors(&self) -> bool {
        matches!(self.root_number(), 3..=6)
    }

    /// The table row: label and Goldstein score.
    pub fn info(&self) -> &'static CameoInfo {
        let t = table();
        // Every CameoCode is built from the table, so the look-up cannot miss.
        &t.rows[t.by_code[self]]
    }

    pub fn goldstein(&self) -> f32 {
        self.info().goldstein
    }

    pub fn label(&self) -> &'static str {
        &self.info().label
    }

    pub fn quad_class(&self, convention: QuadConvention) -> QuadClass {
        QuadClass::of(self.root_number(), convention)
    }
}

impl FromStr for CameoCode {
    type Err = UnknownCode;

    fn from_str(s: &str) -> Result<CameoCode, UnknownCode> {
        CameoCode::parse_digits(s)
            .filter(|c| table().by_code.contains_key(c))
            .ok_or_else(|| UnknownCode { kind: "CAMEO event code", value: s.to_string() })
    }
}

impl fmt::Display for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CameoCode({})", self.as_str())
    }
}

/// Which quad-class numbering a value follows; the two in use disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuadConvention {
    /// GDELT 2.0: 1 verbal cooperation (roots 01–05), 2 material cooperation (06–09),
    /// 3 verbal conflict (10–14), 4 material conflict (15–20).
    Gdelt,
    /// Phoenix (`phoenix_pipeline`): 0 neutral (01–02), 1 verbal cooperation (03–05),
    /// 2 material cooperation (06–08), 3 verbal conflict (09–13, 16), 4 material conflict
    /// (14–15, 17–20).
    Phoenix,
}

/// A quad class: its number under the convention that produced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuadClass {
    pub convention: QuadConvention,
    pub number: u8,
}

impl QuadClass {
    pub fn of(root: u8, convention: QuadConvention) -> QuadClass {
        let number = match convention {
            QuadConvention::Gdelt => match root {
                1..=5 => 1,
                6..=9 => 2,
                10..=14 => 3,
                _ => 4,
            },
            QuadConvention::Phoenix => match root {
                1..=2 => 0,
                3..=5 => 1,
                6..=8 => 2,
                9..=13 | 16 => 3,
                _ => 4,
            },
        };
        QuadClass { convention, number }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_table_parses() {
        let data_rows = TABLE.lines().filter(|l| !l.starts_with('#')).skip(1).count();
        assert_eq!(CameoCode::all().count(), data_rows);
        assert!(data_rows >= 310);
        for info in CameoCode::all() {
            assert!((-10.0..=10.0).contains(&info.goldstein), "{}", info.code);
            assert!(!info.label.is_empty());
            assert_eq!(info.code.as_str().parse::<CameoCode>(), Ok(info.code));
        }
    }

    #[test]
    fn codes_know_their_root_score_and_quad() {
        let consult: CameoCode = "043".parse().unwrap();
        assert_eq!(consult.root().as_str(), "04");
        assert_eq!(consult.goldstein(), 2.8);
        assert_eq!(consult.quad_class(QuadConvention::Gdelt).number, 1);
        let bomb: CameoCode = "183".parse().unwrap();
        assert_eq!(bomb.quad_class(QuadConvention::Gdelt).number, 4);
        assert_eq!(bomb.quad_class(QuadConvention::Phoenix).number, 4);
        let sanction: CameoCode = "16".parse().unwrap();
        assert_eq!(sanction.quad_class(QuadConvention::Phoenix).number, 3);
        assert!("999".parse::<CameoCode>().is_err());
        assert!("4".parse::<CameoCode>().is_err());
    }
}
