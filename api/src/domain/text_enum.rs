//! Status-like values stored in text columns. Each is declared once with its spellings; the
//! macro gives it serde, its OpenAPI schema, `as_str`, `ALL`, `Display` and `FromStr`, so the
//! repo converts a column once and no layer compares strings.

/// A stored spelling that names no variant: the column holds something this build does not
/// know (written by a newer build, or by hand).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {value:?}")]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
}

/// `text_enum! { /// docs  pub enum Name { Variant = "spelling", ... } }`
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $text:tt ),+ $(,)?
        }
    ) => {
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
        )]
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling stored in the column and sent over the API.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::text_enum::UnknownValue;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|known| known.as_str() == value)
                    .ok_or_else(|| $crate::domain::text_enum::UnknownValue {
                        kind: stringify!($name),
                        value: value.to_owned(),
                    })
            }
        }
    };
}

pub(crate) use text_enum;

#[cfg(test)]
mod tests {
    text_enum! {
        /// A test subject.
        pub enum Weather {
            Sunny = "sunny",
            HeavyRain = "heavy_rain",
        }
    }

    #[test]
    fn every_variant_reads_back_what_it_writes() {
        for weather in Weather::ALL {
            assert_eq!(weather.to_string().parse::<Weather>(), Ok(*weather));
            assert_eq!(serde_json::to_value(weather).unwrap(), weather.as_str());
            assert_eq!(
                serde_json::from_value::<Weather>(serde_json::json!(weather.as_str())).unwrap(),
                *weather
            );
        }
    }

    #[test]
    fn an_unknown_spelling_is_an_error_that_names_it() {
        let err = "hail".parse::<Weather>().unwrap_err();
        assert_eq!(err.to_string(), "unknown Weather \"hail\"");
    }
}
