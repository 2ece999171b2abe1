//! The settings a graph records ([`GraphSettings`]): what it was made with, so
//! that a merge can refuse graphs whose sums would not be the graph of one run,
//! and what was done to it (pruning, evidence dropped).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::gazetteer::{Date, Roles};

/// The settings of [`GraphMeta`](super::GraphMeta), by name as the graph's JSON
/// writes them (in its `graph` object): a field each for those entgraph records,
/// `None` when not recorded, and [`other`](GraphSettings::other) for the rest
/// (a caller's own, from [`GraphBuilder::setting`](super::GraphBuilder::setting),
/// or those of a graph written by another version).
///
/// ```
/// use entgraph::graph::GraphSettings;
///
/// let mut s = GraphSettings::default();
/// s.set("demonyms", false.into()).unwrap();
/// s.set("note", "first run".into()).unwrap();
/// assert_eq!(s.demonyms, Some(false));
/// assert_eq!(s.other["note"], "first run");
/// assert!(s.set("demonyms", "no".into()).is_err());
/// assert_eq!(s.remove("demonyms"), Some(false.into()));
/// assert_eq!(s.demonyms, None);
/// s.set("demonyms", true.into()).unwrap();
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"demonyms":true,"note":"first run"}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GraphSettings {
    /// The gazetteer's fingerprint ([`Gazetteer::fingerprint`](crate::Gazetteer::fingerprint)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gazetteer: Option<String>,
    /// The date the gazetteer's terms were cut at, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gazetteer_as_of: Option<Date>,
    /// The gazetteer's patches (`id: change; change`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gazetteer_patches: Option<Vec<String>>,
    /// Whether demonyms counted as mentions of their country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demonyms: Option<bool>,
    /// The offices kept ([`Roles::All`]), when not heads only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Roles>,
    /// Matches inside longer names (`keep`), when kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_names: Option<String>,
    /// The least confidence of a mention kept, when above 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_confidence: Option<f64>,
    /// National teams (`keep`), when kept apart from their countries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<String>,
    /// Whether metonyms (capitals for their governments) counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metonyms: Option<bool>,
    /// The relation cue lexicon (`bundled`, or `file:` and a hash of its content).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relations: Option<String>,
    /// The most entities a unit may name and give pairs: `Some(None)` when
    /// recorded as no limit (`null`).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub max_unit_entities: Option<Option<usize>>,
    /// How many units gave no pairs for naming more entities than that.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crowded_units: Option<u64>,
    /// Whether the graph has background edges from the gazetteer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub knowledge: Option<bool>,
    /// How many document ids a node or an edge lists at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_ids_limit: Option<usize>,
    /// The most bytes of evidence text the graph keeps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_evidence_bytes: Option<u64>,
    /// How many evidence items were dropped for that cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_dropped: Option<u64>,
    /// How the graph was pruned (the thresholds, and what each step removed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pruned: Option<PruneRecord>,
    /// The ids of the documents the graph was made from, sorted, each once (the
    /// JSON graph writes them beside its metadata, as `document_ids`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_ids: Option<Vec<String>>,
    /// Any other setting, by name.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// How a graph was pruned, as its metadata records it (`pruned`): the
/// thresholds of [`Pruning`](super::Pruning) and what each step removed. Each
/// field is `None` when not recorded (edge pruning alone,
/// [`CooccurrenceGraph::prune`](super::CooccurrenceGraph::prune), records the
/// first four); a limit recorded as none is `Some(None)` (`null`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PruneRecord {
    /// The least weight of an edge kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_weight: Option<u64>,
    /// The fewest documents of an edge kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_documents: Option<u64>,
    /// How many of the heaviest edges were kept.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub top_edges: Option<Option<usize>>,
    /// How many co-occurrence edges the edge thresholds removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edges_removed: Option<u64>,
    /// How many of the most mentioned nodes were kept.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub top_nodes: Option<Option<usize>>,
    /// The fewest mentions of a node kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_mentions: Option<u64>,
    /// The node types kept (all when empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub types: Option<Vec<String>>,
    /// The node ids removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude: Option<Vec<String>>,
    /// What became of nodes left without edges (`auto`, `drop`, `keep`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolates: Option<String>,
    /// Whether only the largest connected component was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub largest_component: Option<bool>,
    /// How many co-occurrence edges went with the nodes removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edges_removed_with_nodes: Option<u64>,
    /// How many nodes were removed in all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes_removed: Option<u64>,
    /// How many nodes each step removed, by step (`exclude`, `types`,
    /// `min_mentions`, `top_nodes`, `isolates`, `largest_component`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes_removed_by: Option<BTreeMap<String, u64>>,
    /// Whether the graph was merged from graphs that were pruned already.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs_pruned: Option<bool>,
    /// Anything else recorded, by name.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// A value that is there, `null` included (`Some(None)`); a missing one is the
/// field's default, `None`.
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

impl GraphSettings {
    /// The settings as a JSON object (named fields and the others, by name).
    pub fn to_map(&self) -> serde_json::Map<String, serde_json::Value> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => map,
            // Every field is a JSON value with string keys.
            _ => serde_json::Map::new(),
        }
    }

    /// The setting `name` as JSON, if recorded.
    pub fn get(&self, name: &str) -> Option<serde_json::Value> {
        self.to_map().remove(name)
    }

    /// Records `value` under `name`: in its field when entgraph knows the
    /// setting, in [`other`](GraphSettings::other) otherwise. A value that does
    /// not fit the field (`demonyms` not a boolean) is an error, and changes
    /// nothing.
    pub fn set(&mut self, name: &str, value: serde_json::Value) -> Result<(), serde_json::Error> {
        let mut map = self.to_map();
        map.insert(name.to_string(), value);
        *self = serde_json::from_value(serde_json::Value::Object(map))?;
        Ok(())
    }

    /// A copy without the list of document ids (which can be long).
    pub(crate) fn without_document_ids(&self) -> GraphSettings {
        GraphSettings {
            gazetteer: self.gazetteer.clone(),
            gazetteer_as_of: self.gazetteer_as_of,
            gazetteer_patches: self.gazetteer_patches.clone(),
            demonyms: self.demonyms,
            roles: self.roles,
            in_names: self.in_names.clone(),
            min_confidence: self.min_confidence,
            teams: self.teams.clone(),
            metonyms: self.metonyms,
            relations: self.relations.clone(),
            max_unit_entities: self.max_unit_entities,
            crowded_units: self.crowded_units,
            knowledge: self.knowledge,
            doc_ids_limit: self.doc_ids_limit,
            max_evidence_bytes: self.max_evidence_bytes,
            evidence_dropped: self.evidence_dropped,
            pruned: self.pruned.clone(),
            document_ids: None,
            other: self.other.clone(),
        }
    }

    /// Forgets the setting `name`, and gives its value if it was recorded.
    pub fn remove(&mut self, name: &str) -> Option<serde_json::Value> {
        let mut map = self.to_map();
        let old = map.remove(name)?;
        // What is left was written from these fields, and reads back into them.
        if let Ok(rest) = serde_json::from_value(serde_json::Value::Object(map)) {
            *self = rest;
        }
        Some(old)
    }

    /// Fills every setting not recorded here from `other` (the metadata of a
    /// merge: both graphs were made with the same settings, where they have them).
    pub(crate) fn fill_from(&mut self, other: GraphSettings) {
        macro_rules! fill {
            ($($field:ident),*) => {
                $(if self.$field.is_none() {
                    self.$field = other.$field;
                })*
            };
        }
        fill!(
            gazetteer,
            gazetteer_as_of,
            gazetteer_patches,
            demonyms,
            roles,
            in_names,
            min_confidence,
            teams,
            metonyms,
            relations,
            max_unit_entities,
            crowded_units,
            knowledge,
            doc_ids_limit,
            max_evidence_bytes,
            evidence_dropped,
            pruned,
            document_ids
        );
        for (k, v) in other.other {
            self.other.entry(k).or_insert(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_missing_stay_apart() {
        let s: GraphSettings = serde_json::from_str(r#"{"max_unit_entities": null}"#).unwrap();
        assert_eq!(s.max_unit_entities, Some(None));
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"max_unit_entities":null}"#);
        let s: GraphSettings = serde_json::from_str("{}").unwrap();
        assert_eq!(s.max_unit_entities, None);
        assert_eq!(serde_json::to_string(&s).unwrap(), "{}");
    }

    #[test]
    fn known_settings_are_typed_and_others_kept() {
        let text = r#"{"demonyms":true,"gazetteer_as_of":"2024-05","note":[1,2],"roles":"all"}"#;
        let s: GraphSettings = serde_json::from_str(text).unwrap();
        assert_eq!(s.demonyms, Some(true));
        assert_eq!(s.gazetteer_as_of, Date::parse("2024-05"));
        assert_eq!(s.roles, Some(Roles::All));
        assert_eq!(s.other["note"], serde_json::json!([1, 2]));
        assert_eq!(serde_json::to_string(&s.to_map()).unwrap(), text);
        assert!(serde_json::from_str::<GraphSettings>(r#"{"knowledge": 3}"#).is_err());
    }

    #[test]
    fn a_prune_record_writes_what_it_recorded() {
        let text = r#"{"edges_removed":2,"min_documents":1,"min_weight":2,"top_edges":null}"#;
        let s: GraphSettings = serde_json::from_str(&format!(r#"{{"pruned":{text}}}"#)).unwrap();
        let p = s.pruned.as_ref().unwrap();
        assert_eq!((p.min_weight, p.top_edges, p.top_nodes), (Some(2), Some(None), None));
        assert_eq!(serde_json::to_string(&s.to_map()["pruned"]).unwrap(), text);
    }

    #[test]
    fn fill_keeps_what_is_recorded() {
        let mut a = GraphSettings { demonyms: Some(true), ..Default::default() };
        a.other.insert("x".into(), 1.into());
        let mut b =
            GraphSettings { demonyms: Some(false), knowledge: Some(true), ..Default::default() };
        b.other.insert("x".into(), 2.into());
        b.other.insert("y".into(), 3.into());
        a.fill_from(b);
        assert_eq!((a.demonyms, a.knowledge), (Some(true), Some(true)));
        assert_eq!((&a.other["x"], &a.other["y"]), (&1.into(), &3.into()));
    }
}
