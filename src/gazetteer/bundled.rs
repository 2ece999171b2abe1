//! The gazetteers bundled with the crate, compiled into the binary so that it runs
//! with no files beside it.

/// The bundled gazetteer files: `(name, contents)`.
pub const BUNDLED_FILES: &[(&str, &str)] = &[
    ("gazetteers/countries.toml", include_str!("../../gazetteers/countries.toml")),
    ("gazetteers/organisations.toml", include_str!("../../gazetteers/organisations.toml")),
    ("gazetteers/leaders.toml", include_str!("../../gazetteers/leaders.toml")),
];
