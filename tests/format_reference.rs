//! `docs/scenario-format.md` is the format reference a trainer writes from. This test walks the
//! scenario and test-plan types the way serde reads them (every struct's fields, every enum's
//! variants, nested all the way down) and fails when the reference leaves one out: each type
//! has a `### Name` section, and each field or variant a row starting "| `name`" in it.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, VariantAccess, Visitor};

/// What the trace found: per struct its fields, per enum its variants.
#[derive(Default, Debug)]
struct Found {
    structs: BTreeMap<&'static str, Vec<&'static str>>,
    enums: BTreeMap<&'static str, Vec<&'static str>>,
    /// Per enum, the variant to take next time it is met (so repeated traces cover them all).
    next: BTreeMap<&'static str, usize>,
    /// Enums being traced now (a recursive one takes its first variant inside itself).
    open: Vec<&'static str>,
}

struct Tracer<'f> {
    found: &'f mut Found,
}

#[derive(Debug)]
struct Stop(String);
impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Stop {}
impl de::Error for Stop {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Stop(msg.to_string())
    }
}

macro_rules! plain {
    ($($method:ident => $visit:ident($value:expr)),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> { v.$visit($value) })*
    };
}

impl<'de, 'f> Deserializer<'de> for Tracer<'f> {
    type Error = Stop;
    plain! {
        deserialize_bool => visit_bool(false),
        deserialize_i8 => visit_i8(0), deserialize_i16 => visit_i16(0), deserialize_i32 => visit_i32(0), deserialize_i64 => visit_i64(0),
        deserialize_u8 => visit_u8(1), deserialize_u16 => visit_u16(1), deserialize_u32 => visit_u32(1), deserialize_u64 => visit_u64(1),
        deserialize_f32 => visit_f32(0.0), deserialize_f64 => visit_f64(0.0), deserialize_char => visit_char('a'),
        deserialize_str => visit_str("a"), deserialize_string => visit_string("a".into()),
        deserialize_bytes => visit_bytes(b"a"), deserialize_byte_buf => visit_byte_buf(b"a".to_vec()),
        deserialize_identifier => visit_str("a"),
    }
    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        v.visit_unit()
    }
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop("a self-describing value; the tracer cannot say what it is".into()))
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        v.visit_unit()
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        v.visit_some(self)
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, Stop> {
        v.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, Stop> {
        v.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        v.visit_seq(Items { found: self.found, left: 1 })
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, Stop> {
        v.visit_seq(Items { found: self.found, left: len })
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, len: usize, v: V) -> Result<V::Value, Stop> {
        v.visit_seq(Items { found: self.found, left: len })
    }
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        v.visit_map(Fields { found: self.found, fields: &[], at: 0 })
    }
    fn deserialize_struct<V: Visitor<'de>>(self, name: &'static str, fields: &'static [&'static str], v: V) -> Result<V::Value, Stop> {
        self.found.structs.insert(name, fields.to_vec());
        v.visit_map(Fields { found: self.found, fields, at: 0 })
    }
    fn deserialize_enum<V: Visitor<'de>>(self, name: &'static str, variants: &'static [&'static str], v: V) -> Result<V::Value, Stop> {
        self.found.enums.insert(name, variants.to_vec());
        let pick = if self.found.open.contains(&name) { 0 } else { self.found.next.get(name).copied().unwrap_or(0) % variants.len() };
        self.found.open.push(name);
        let out = v.visit_enum(Variant { found: &mut *self.found, name: variants[pick] });
        self.found.open.pop();
        out
    }
}

struct Items<'f> {
    found: &'f mut Found,
    left: usize,
}
impl<'de, 'f> SeqAccess<'de> for Items<'f> {
    type Error = Stop;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Stop> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(Tracer { found: self.found }).map(Some)
    }
}

struct Fields<'f> {
    found: &'f mut Found,
    fields: &'static [&'static str],
    at: usize,
}
impl<'de, 'f> MapAccess<'de> for Fields<'f> {
    type Error = Stop;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Stop> {
        let Some(field) = self.fields.get(self.at) else { return Ok(None) };
        self.at += 1;
        seed.deserialize(IntoDeserializer::<Stop>::into_deserializer(*field)).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stop> {
        seed.deserialize(Tracer { found: self.found })
    }
}

struct Variant<'f> {
    found: &'f mut Found,
    name: &'static str,
}
impl<'de, 'f> EnumAccess<'de> for Variant<'f> {
    type Error = Stop;
    type Variant = Self;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Stop> {
        let v = seed.deserialize(IntoDeserializer::<Stop>::into_deserializer(self.name))?;
        Ok((v, self))
    }
}
impl<'de, 'f> VariantAccess<'de> for Variant<'f> {
    type Error = Stop;
    fn unit_variant(self) -> Result<(), Stop> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Stop> {
        seed.deserialize(Tracer { found: self.found })
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, Stop> {
        v.visit_seq(Items { found: self.found, left: len })
    }
    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], v: V) -> Result<V::Value, Stop> {
        v.visit_map(Fields { found: self.found, fields, at: 0 })
    }
}

/// Traces `T` until every variant of every enum met has been taken once.
fn trace<T: de::DeserializeOwned>(found: &mut Found) {
    loop {
        T::deserialize(Tracer { found }).unwrap_or_else(|e| panic!("tracing {}: {e}", std::any::type_name::<T>()));
        let pending: Vec<&'static str> =
            found.enums.iter().filter(|(name, variants)| found.next.get(*name).copied().unwrap_or(0) + 1 < variants.len()).map(|(n, _)| *n).collect();
        if pending.is_empty() {
            return;
        }
        for name in pending {
            *found.next.entry(name).or_insert(0) += 1;
        }
    }
}

/// The reference's `### Name` sections, each with the names its table rows start with.
fn sections(doc: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current = None;
    for line in doc.lines() {
        if let Some(title) = line.strip_prefix("### ") {
            let name = title.split(['`', ' ']).find(|w| !w.is_empty()).unwrap_or_default().to_string();
            out.entry(name.clone()).or_default();
            current = Some(name);
        } else if let (Some(name), Some(row)) = (&current, line.strip_prefix("| `")) {
            let key = row.split('`').next().unwrap_or_default();
            out.get_mut(name).unwrap().insert(key.split(['(', ':']).next().unwrap().to_string());
        }
    }
    out
}

#[test]
fn the_format_reference_documents_every_field_and_variant() {
    let mut found = Found::default();
    trace::<cooldown::scenario::Scenario>(&mut found);
    trace::<cooldown::scenario::plan::Plan>(&mut found);
    assert!(found.structs.contains_key("Node") && found.enums.contains_key("Behaviour"), "{found:?}");
    let doc = std::fs::read_to_string("docs/scenario-format.md").expect("docs/scenario-format.md exists");
    let sections = sections(&doc);
    let mut missing = Vec::new();
    for (name, names) in found.structs.iter().chain(found.enums.iter()) {
        // Structs named after the tuple-like `Points` inside a scenario are written as `(...)`.
        let Some(rows) = sections.get(*name) else {
            missing.push(format!("a `### {name}` section"));
            continue;
        };
        for n in names {
            if !rows.contains(*n) {
                missing.push(format!("`{n}` in `### {name}` (a row starting \"| `{n}`\")"));
            }
        }
    }
    assert!(missing.is_empty(), "docs/scenario-format.md leaves out:\n{}", missing.join("\n"));
}

/// The reference's ```ron blocks, in order.
fn examples(doc: &str) -> Vec<String> {
    doc.split("```ron\n").skip(1).map(|b| b.split("```").next().unwrap().to_string()).collect()
}

#[test]
fn the_reference_examples_load_lint_clean_and_pass_their_plan() {
    let doc = std::fs::read_to_string("docs/scenario-format.md").unwrap();
    let blocks = examples(&doc);
    assert_eq!(blocks.len(), 2, "a whole scenario and a test plan");
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("refund.ron");
    std::fs::write(&scenario, &blocks[0]).unwrap();
    std::fs::write(dir.path().join("refund.plan.ron"), &blocks[1]).unwrap();
    let findings = cooldown::app::lint::lint_paths(std::slice::from_ref(&scenario));
    let serious: Vec<_> = findings.iter().filter(|d| d.code != cooldown::diagnostic::Code::C017).collect();
    assert!(serious.is_empty(), "{serious:#?}");
    let run = cooldown::app::plan::run(&[scenario]);
    assert!(run.passed(), "{}", run.to_text(false));
}
