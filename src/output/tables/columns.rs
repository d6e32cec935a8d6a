//! Rows into typed columns: a serde serializer that appends each field of
//! a row to its column (text, whole numbers, floating point), for writers
//! of columnar files ([`runs_parquet`](super::runs_parquet)). It is not
//! human-readable, so the rows' number adapters hand it the `f64` itself
//! rather than the CSV text of it.

use serde::Serialize;
use serde::ser::{self, Impossible, SerializeSeq, SerializeStruct};
use std::fmt;

/// The values of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Text (strategy names, who walked away).
    Text(Vec<String>),
    /// Whole numbers (counts, run numbers, 0/1 flags).
    Int(Vec<i64>),
    /// Floating point (NaN where the CSV file has an empty field).
    Float(Vec<f64>),
}

impl Column {
    /// The rows held.
    pub fn len(&self) -> usize {
        match self {
            Column::Text(v) => v.len(),
            Column::Int(v) => v.len(),
            Column::Float(v) => v.len(),
        }
    }

    /// Whether it holds no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drop the values, keeping the kind.
    pub fn clear(&mut self) {
        match self {
            Column::Text(v) => v.clear(),
            Column::Int(v) => v.clear(),
            Column::Float(v) => v.clear(),
        }
    }
}

/// What went wrong turning a row into columns: a row type or value the
/// columns cannot hold (a bug, not bad input).
#[derive(Debug)]
pub struct ColumnError(String);

impl fmt::Display for ColumnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ColumnError {}

impl ser::Error for ColumnError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ColumnError(msg.to_string())
    }
}

/// Columns filled row by row. Made from a prototype row ([`Columns::of`]),
/// which fixes the number and kind of the columns; each later row must
/// have the same shape.
#[derive(Debug, Clone)]
pub struct Columns {
    cols: Vec<Column>,
    /// Learning the columns from the prototype row.
    learning: bool,
    /// The column the next value goes to.
    at: usize,
}

impl Columns {
    /// The empty columns of rows shaped like `prototype`.
    pub fn of<T: Serialize>(prototype: &T) -> Result<Self, ColumnError> {
        let mut c = Columns {
            cols: Vec::new(),
            learning: true,
            at: 0,
        };
        prototype.serialize(&mut c)?;
        c.learning = false;
        c.cols.iter_mut().for_each(Column::clear);
        Ok(c)
    }

    /// Append one row. After an error the columns may be ragged: drop them.
    pub fn push<T: Serialize>(&mut self, row: &T) -> Result<(), ColumnError> {
        self.at = 0;
        row.serialize(&mut *self)?;
        if self.at != self.cols.len() {
            return Err(ColumnError(format!(
                "a row has {} fields, the columns {}",
                self.at,
                self.cols.len()
            )));
        }
        Ok(())
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.cols
    }

    /// The columns, to write and clear.
    pub fn columns_mut(&mut self) -> &mut [Column] {
        &mut self.cols
    }

    /// Rows held.
    pub fn rows(&self) -> usize {
        self.cols.first().map_or(0, Column::len)
    }

    fn value(
        &mut self,
        make: impl FnOnce() -> Column,
        put: impl FnOnce(&mut Column) -> bool,
    ) -> Result<(), ColumnError> {
        if self.learning {
            self.cols.push(make());
        }
        let at = self.at;
        let col = self
            .cols
            .get_mut(at)
            .ok_or_else(|| ColumnError(format!("a row has more than {at} fields")))?;
        if !put(col) {
            return Err(ColumnError(format!("field {} changed its kind", at + 1)));
        }
        self.at += 1;
        Ok(())
    }

    fn int(&mut self, x: i64) -> Result<(), ColumnError> {
        self.value(
            || Column::Int(Vec::new()),
            |c| match c {
                Column::Int(v) => {
                    v.push(x);
                    true
                }
                _ => false,
            },
        )
    }

    fn float(&mut self, x: f64) -> Result<(), ColumnError> {
        self.value(
            || Column::Float(Vec::new()),
            |c| match c {
                Column::Float(v) => {
                    v.push(x);
                    true
                }
                _ => false,
            },
        )
    }

    fn text(&mut self, x: &str) -> Result<(), ColumnError> {
        self.value(
            || Column::Text(Vec::new()),
            |c| match c {
                Column::Text(v) => {
                    v.push(x.to_string());
                    true
                }
                _ => false,
            },
        )
    }
}

fn unsupported<T>(what: &str) -> Result<T, ColumnError> {
    Err(ColumnError(format!("a column cannot hold {what}")))
}

impl ser::Serializer for &mut Columns {
    type Ok = ();
    type Error = ColumnError;
    type SerializeSeq = Self;
    type SerializeTuple = Impossible<(), ColumnError>;
    type SerializeTupleStruct = Impossible<(), ColumnError>;
    type SerializeTupleVariant = Impossible<(), ColumnError>;
    type SerializeMap = Impossible<(), ColumnError>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), ColumnError>;

    fn is_human_readable(&self) -> bool {
        false
    }
    fn serialize_bool(self, v: bool) -> Result<(), ColumnError> {
        self.int(v as i64)
    }
    fn serialize_i8(self, v: i8) -> Result<(), ColumnError> {
        self.int(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), ColumnError> {
        self.int(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), ColumnError> {
        self.int(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), ColumnError> {
        self.int(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), ColumnError> {
        self.int(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), ColumnError> {
        self.int(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), ColumnError> {
        self.int(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), ColumnError> {
        match i64::try_from(v) {
            Ok(x) => self.int(x),
            Err(_) => unsupported("a whole number above 2^63"),
        }
    }
    fn serialize_f32(self, v: f32) -> Result<(), ColumnError> {
        self.float(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), ColumnError> {
        self.float(v)
    }
    fn serialize_char(self, v: char) -> Result<(), ColumnError> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), ColumnError> {
        self.text(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), ColumnError> {
        unsupported("bytes")
    }
    fn serialize_none(self) -> Result<(), ColumnError> {
        unsupported("an optional value")
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), ColumnError> {
        unsupported("an optional value")
    }
    fn serialize_unit(self) -> Result<(), ColumnError> {
        unsupported("a unit")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), ColumnError> {
        unsupported("a unit")
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), ColumnError> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), ColumnError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), ColumnError> {
        unsupported("an enum with data")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, ColumnError> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, ColumnError> {
        unsupported("a tuple")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, ColumnError> {
        unsupported("a tuple")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ColumnError> {
        unsupported("an enum with data")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, ColumnError> {
        unsupported("a map")
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, ColumnError> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ColumnError> {
        unsupported("an enum with data")
    }
}

impl SerializeSeq for &mut Columns {
    type Ok = ();
    type Error = ColumnError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), ColumnError> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), ColumnError> {
        Ok(())
    }
}

impl SerializeStruct for &mut Columns {
    type Ok = ();
    type Error = ColumnError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), ColumnError> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), ColumnError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        name: String,
        n: u32,
        x: f64,
        inner: Inner,
        v: Vec<f64>,
    }

    #[derive(Serialize)]
    struct Inner {
        flag: u8,
    }

    fn row(name: &str, n: u32, x: f64) -> Row {
        Row {
            name: name.into(),
            n,
            x,
            inner: Inner { flag: 1 },
            v: vec![x, -x],
        }
    }

    #[test]
    fn rows_fill_typed_columns_in_field_order() {
        let mut c = Columns::of(&row("", 0, 0.0)).unwrap();
        assert_eq!(c.rows(), 0);
        c.push(&row("a", 3, 0.5)).unwrap();
        c.push(&row("b,c", 4, f64::NAN)).unwrap();
        let cols = c.columns();
        assert_eq!(cols.len(), 6);
        assert_eq!(cols[0], Column::Text(vec!["a".into(), "b,c".into()]));
        assert_eq!(cols[1], Column::Int(vec![3, 4]));
        assert_eq!(cols[3], Column::Int(vec![1, 1]));
        match (&cols[2], &cols[5]) {
            (Column::Float(x), Column::Float(neg)) => {
                assert_eq!(x[0], 0.5);
                assert!(x[1].is_nan());
                assert_eq!(neg[0], -0.5);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_row_of_another_shape_is_refused() {
        let mut c = Columns::of(&row("", 0, 0.0)).unwrap();
        let mut long = row("a", 1, 1.0);
        long.v.push(2.0);
        assert!(
            c.push(&long)
                .unwrap_err()
                .to_string()
                .contains("more than 6")
        );
        let mut short = row("a", 1, 1.0);
        short.v.pop();
        assert!(c.push(&short).unwrap_err().to_string().contains("5 fields"));
        assert!(c.push(&(1u8,)).is_err());
    }
}
