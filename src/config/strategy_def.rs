//! The `[[strategy]]` table: a named preset with overrides of any of the
//! parameters in [`PARAMS`]. Read and written by hand from the table (not
//! derived field by field), with serde's own messages: an unknown key is
//! reported at its line with the list of every key, a wrong type with what
//! was expected.

use crate::model::strategy::{PARAMS, ParamValue, Params, Range};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A `[[strategy]]` entry: a named preset with overrides, or an external
/// agent (`command`, docs/PROTOCOL.md).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StrategyDef {
    /// Its name.
    pub name: String,
    /// The preset (or earlier `[[strategy]]`) it starts from (empty for an
    /// external agent).
    pub base: String,
    /// A one-line description (optional).
    pub description: Option<String>,
    /// An external agent's program and arguments (then there is no base
    /// and no parameter).
    pub command: Option<Vec<String>>,
    /// An external agent's time for each reply, in seconds.
    pub timeout: Option<f64>,
    /// The parameters it overrides, by position in [`PARAMS`].
    pub overrides: [Option<ParamValue>; PARAMS.len()],
}

impl StrategyDef {
    /// The parameters of its base with its overrides applied.
    pub fn apply(&self, mut p: Params) -> Params {
        for (param, value) in PARAMS.iter().zip(&self.overrides) {
            if let Some(v) = value {
                param.set(&mut p, *v);
            }
        }
        p
    }
}

/// Keys before the parameters.
const HEAD: usize = 5;

/// The keys of a `[[strategy]]` table, in order: name, base, description,
/// command, timeout, then the parameters.
const FIELDS: [&str; HEAD + PARAMS.len()] = {
    let mut f = [""; HEAD + PARAMS.len()];
    f[0] = "name";
    f[1] = "base";
    f[2] = "description";
    f[3] = "command";
    f[4] = "timeout";
    let mut i = 0;
    while i < PARAMS.len() {
        f[HEAD + i] = PARAMS[i].name;
        i += 1;
    }
    f
};

impl Serialize for StrategyDef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let len = 1
            + usize::from(!self.base.is_empty())
            + usize::from(self.description.is_some())
            + usize::from(self.command.is_some())
            + usize::from(self.timeout.is_some())
            + self.overrides.iter().flatten().count();
        let mut st = s.serialize_struct("StrategyDef", len)?;
        st.serialize_field("name", &self.name)?;
        if self.base.is_empty() {
            st.skip_field("base")?;
        } else {
            st.serialize_field("base", &self.base)?;
        }
        match &self.description {
            Some(d) => st.serialize_field("description", d)?,
            None => st.skip_field("description")?,
        }
        match &self.command {
            Some(c) => st.serialize_field("command", c)?,
            None => st.skip_field("command")?,
        }
        match &self.timeout {
            Some(t) => st.serialize_field("timeout", t)?,
            None => st.skip_field("timeout")?,
        }
        for (param, value) in PARAMS.iter().zip(&self.overrides) {
            match value {
                Some(v) => st.serialize_field(param.name, v)?,
                None => st.skip_field(param.name)?,
            }
        }
        st.end()
    }
}

impl<'de> Deserialize<'de> for StrategyDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_struct("StrategyDef", &FIELDS, DefVisitor)
    }
}

/// A key of the table: its position in [`FIELDS`].
struct Field(usize);

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_identifier(FieldVisitor)
    }
}

struct FieldVisitor;

impl Visitor<'_> for FieldVisitor {
    type Value = Field;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("field identifier")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
        match FIELDS.iter().position(|f| *f == v) {
            Some(i) => Ok(Field(i)),
            None => Err(E::unknown_field(v, &FIELDS)),
        }
    }
}

/// Reads an optional parameter value of the kind its range calls for.
struct ValueSeed(Range);

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Option<ParamValue>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Ok(match self.0 {
            Range::Flag => Option::<bool>::deserialize(d)?.map(ParamValue::Flag),
            Range::Facets => Option::deserialize(d)?.map(ParamValue::Facets),
            Range::Bidding => Option::deserialize(d)?.map(ParamValue::Bidding),
            Range::Probability | Range::Positive | Range::NonNegative | Range::PositiveFraction => {
                Option::<f64>::deserialize(d)?.map(ParamValue::Number)
            }
        })
    }
}

struct DefVisitor;

impl<'de> Visitor<'de> for DefVisitor {
    type Value = StrategyDef;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct StrategyDef")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StrategyDef, A::Error> {
        let mut name: Option<String> = None;
        let mut base: Option<String> = None;
        let mut description: Option<Option<String>> = None;
        let mut command: Option<Option<Vec<String>>> = None;
        let mut timeout: Option<Option<f64>> = None;
        let mut overrides: [Option<Option<ParamValue>>; PARAMS.len()] = Default::default();
        while let Some(Field(i)) = map.next_key()? {
            let duplicate = match i {
                0 => name.is_some(),
                1 => base.is_some(),
                2 => description.is_some(),
                3 => command.is_some(),
                4 => timeout.is_some(),
                _ => overrides[i - HEAD].is_some(),
            };
            if duplicate {
                return Err(de::Error::duplicate_field(FIELDS[i]));
            }
            match i {
                0 => name = Some(map.next_value()?),
                1 => base = Some(map.next_value()?),
                2 => description = Some(map.next_value()?),
                3 => command = Some(map.next_value()?),
                4 => timeout = Some(map.next_value()?),
                _ => {
                    overrides[i - HEAD] =
                        Some(map.next_value_seed(ValueSeed(PARAMS[i - HEAD].range))?)
                }
            }
        }
        let command = command.flatten();
        let base = match (base, &command) {
            (Some(b), _) => b,
            (None, Some(_)) => String::new(),
            (None, None) => return Err(de::Error::missing_field("base")),
        };
        Ok(StrategyDef {
            name: name.ok_or_else(|| de::Error::missing_field("name"))?,
            base,
            description: description.flatten(),
            command,
            timeout: timeout.flatten(),
            overrides: overrides.map(Option::flatten),
        })
    }

    /// The table's values in key order (as serde allows for any struct).
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StrategyDef, A::Error> {
        let expected = format!("struct StrategyDef with {} elements", FIELDS.len());
        let name = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &expected.as_str()))?;
        let base = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(1, &expected.as_str()))?;
        let description = seq.next_element()?.flatten();
        let command = seq.next_element()?.flatten();
        let timeout = seq.next_element()?.flatten();
        let mut overrides = [None; PARAMS.len()];
        for (o, param) in overrides.iter_mut().zip(&PARAMS) {
            *o = seq.next_element_seed(ValueSeed(param.range))?.flatten();
        }
        Ok(StrategyDef {
            name,
            base,
            description,
            command,
            timeout,
            overrides,
        })
    }
}
