//! The gazetteers bundled with the crate, compiled into the binary so that it runs
//! with no files beside it.

/// The bundled gazetteer files: `(name, contents)`.
pub const BUNDLED_FILES: &[(&str, &str)] = &[
    ("gazetteers/countries.toml", include_str!("../../gazetteers/countries.toml")),
    ("gazetteers/organisations.toml", include_str!("../../gazetteers/organisations.toml")),
    ("gazetteers/armed-groups.toml", include_str!("../../gazetteers/armed-groups.toml")),
    ("gazetteers/leaders/g20-west.toml", include_str!("../../gazetteers/leaders/g20-west.toml")),
    ("gazetteers/leaders/g20-rest.toml", include_str!("../../gazetteers/leaders/g20-rest.toml")),
    ("gazetteers/leaders/europe.toml", include_str!("../../gazetteers/leaders/europe.toml")),
    (
        "gazetteers/leaders/americas-oceania.toml",
        include_str!("../../gazetteers/leaders/americas-oceania.toml"),
    ),
    (
        "gazetteers/leaders/africa-mideast.toml",
        include_str!("../../gazetteers/leaders/africa-mideast.toml"),
    ),
    ("gazetteers/leaders/asia.toml", include_str!("../../gazetteers/leaders/asia.toml")),
    (
        "gazetteers/leaders/deputies-foreign-ministers.toml",
        include_str!("../../gazetteers/leaders/deputies-foreign-ministers.toml"),
    ),
];
