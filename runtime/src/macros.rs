//! Macros generated code uses for impls that differ only in names: `open_enum!` (an enum of
//! known wire values that keeps unknown ones) and `decode_fields!`.

/// Defines an open enum: one variant per known wire value, plus `Unknown` holding any other
/// value as sent (an [`UnknownValue`](crate::UnknownValue), which only the conversions make,
/// so it never holds a value that has a variant), with conversions from and to the wire text,
/// `Display`, `Default` (the empty value, which a required field holds when the server
/// leaves it out), lenient decoding and form encoding; with the invoking crate's `serde`
/// feature, serde as the wire text.
///
/// Match on the variants this version knows and leave the rest to a wildcard, or compare
/// [`as_str`](UnknownValue::as_str): a value that becomes a variant in a later version then
/// still takes the same branch. Matching `Unknown(v) if v.as_str() == "X"` does not.
///
/// ```
/// # mod compshare { pub use compshare_runtime as runtime; }
/// compshare::runtime::open_enum! {
///     /// Machine state.
///     pub enum State {
///         /// Up.
///         Running = "Running",
///         /// Down.
///         Stopped = "Stopped",
///     }
/// }
/// assert_eq!(State::from("Running"), State::Running);
/// let paused = State::from("Paused");
/// assert!(matches!(&paused, State::Unknown(v) if v.as_str() == "Paused"));
/// assert_eq!(paused.as_str(), "Paused");
/// assert_eq!(State::Stopped.to_string(), "Stopped");
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $value:literal,)*
        }
    ) => {
        $(#[$meta])*
        ///
        /// Open: a value this SDK version does not know arrives as `Unknown` and is sent back
        /// unchanged.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this SDK version does not know, kept as sent: read it with `as_str`.
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::default::Default for $name {
            fn default() -> Self {
                Self::Unknown($crate::__private::unknown(::std::string::String::new()))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    _ => Self::Unknown($crate::__private::unknown(value.to_owned())),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($value => Self::$variant,)*
                    _ => Self::Unknown($crate::__private::unknown(value)),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::Decode for $name {
            fn decode(r: &mut $crate::__private::Reader<'_>) -> $crate::__private::Read<Self> {
                r.string_as(|text: &str| Self::from(text))
            }
        }

        impl $crate::FormValue for $name {
            fn put(&self, form: &mut $crate::Form<'_>, name: &str) {
                form.text(name, self.as_str());
            }
        }

        // The invoking crate's own `serde` feature: it depends on serde when it has one.
        #[cfg(feature = "serde")]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(d).map(Self::from)
            }
        }
    };
}

/// A wire value an open enum (see [`open_enum!`]) has no variant for, as sent. Only the
/// enum's conversions (and its `Default`, the empty value) make one, so an `Unknown` never
/// holds a value the enum knows:
///
/// ```compile_fail
/// # mod compshare { pub use compshare_runtime as runtime; }
/// compshare::runtime::open_enum! {
///     /// Machine state.
///     pub enum State {
///         /// Up.
///         Running = "Running",
///     }
/// }
/// let wrong = State::Unknown("Running".into()); // no way to make one by hand
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The value as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// For `open_enum!`'s conversions and `Default` only (hidden, and not to be called by hand):
/// they give it the values that have no variant, and the empty one.
pub fn unknown(value: String) -> UnknownValue {
    UnknownValue(value)
}

/// Implements [`DecodeFields`](crate::DecodeFields) for a struct: each lowercased key (and
/// alias) reads into its field, `read` for fields that always hold a value (lists, required
/// fields), `read_opt` for `Option` fields. The fields the API always sends follow, each
/// `required` with its wire name and keys: an object without one is recorded as a mismatch.
///
/// ```
/// # mod compshare { pub use compshare_runtime as runtime; }
/// #[derive(Debug, Default, PartialEq)]
/// struct Image { id: String, tags: Vec<String> }
/// compshare::runtime::decode_fields! { Image;
///     "imageid" | "id" => read id,
///     "tags" => read tags,
///     required "ImageId" = "imageid" | "id";
/// }
/// let (image, mismatches) =
///     compshare::runtime::decode_json::<Image>(r#"{"ImageId": "img-1", "TAGS": "a"}"#).unwrap();
/// assert_eq!(image, Image { id: "img-1".into(), tags: vec!["a".into()] });
/// assert!(mismatches.is_empty());
/// let (_, mismatches) = compshare::runtime::decode_json::<Image>(r#"{"Tags": []}"#).unwrap();
/// assert_eq!(mismatches[0].path, "ImageId");
/// ```
#[macro_export]
macro_rules! decode_fields {
    (
        $name:ty;
        $($($key:literal)|+ => $how:ident $field:ident,)*
        $(others $others:ident;)?
        $(required $wire:literal = $($rkey:literal)|+;)*
    ) => {
        // Plumbing: the type's page shows its fields, not how they are read.
        #[doc(hidden)]
        impl $crate::DecodeFields for $name {
            const REQUIRED: &'static [$crate::Required] = &[
                $($crate::Required { wire: $wire, keys: &[$($rkey),+] },)*
            ];
            const FILLED: &'static [::core::option::Option<&'static [&'static str]>] = &[
                $($crate::__filled!($how, &[$($key),+]),)*
            ];

            fn decode_field(
                &mut self,
                key: &str,
                r: &mut $crate::__private::Reader<'_>,
            ) -> $crate::__private::Step {
                match key {
                    $($($key)|+ => {
                        r.into_field($crate::__first!($($key),+));
                        r.$how(&mut self.$field)
                    })*
                    // Members no field declares: kept, where the type keeps them.
                    _ => $crate::__others!(r $(, self.$others)?),
                }
            }
        }
    };
}

/// A member no field declares: into the type's `others` if it has them, else skipped.
#[doc(hidden)]
#[macro_export]
macro_rules! __others {
    ($r:ident) => {
        Ok(false)
    };
    ($r:ident, $($others:tt)+) => {
        $r.other(&mut $($others)+)
    };
}

/// The first of a field's keys: its own.
#[doc(hidden)]
#[macro_export]
macro_rules! __first {
    ($first:literal $(, $rest:literal)*) => {
        $first
    };
}

/// A field's entry in [`DecodeFields::FILLED`](crate::DecodeFields): its keys if it is read
/// with `read` (it holds a value whether sent or not), `None` for `read_opt`.
#[doc(hidden)]
#[macro_export]
macro_rules! __filled {
    (read, $keys:expr) => {
        ::core::option::Option::Some($keys)
    };
    (read_opt, $keys:expr) => {
        ::core::option::Option::None
    };
}
