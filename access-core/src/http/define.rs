//! [`endpoint!`](crate::endpoint): the one way a vendor crate writes an
//! `impl Endpoint` block.

/// Writes the `impl Endpoint` block of a request type from labelled clauses,
/// in any order, each ending with a comma. A generic request type names its
/// parameters as `impl<R: Role> Endpoint for Login<R> { ... }` (one bound each).
///
/// The request type itself is a plain struct written by hand: private fields,
/// `new(required...)` that validates what it can alone, infallible setters for
/// optional fields. This macro only writes the trait implementation, so the
/// struct reads like any Rust type and the trait's defaults stay visible.
///
/// | clause | meaning | required |
/// |---|---|---|
/// | `method: GET,` | the HTTP method | yes |
/// | `name: "GET /api/v2/Persons/{id}",` | the endpoint as the vendor documents it | yes |
/// | `path: "api/v2/Persons",`, `path: SOME_CONST,` or `path: \|s\| format!(...),` | the path below the base URL (`&'static str` or `String`) | yes |
/// | `output: Person,` | the decoded answer | yes |
/// | `error: GetPersonError,` | the endpoint's error enum | yes |
/// | `idempotent: true,` | safe to send twice (only these are retried) | yes |
/// | `decode: \|s, r\| r.json(),` | how a success answer decodes | yes |
/// | `authenticated: false,` | the call needs no session (default `true`) | no |
/// | `query: \|s\| ...,` | an [`Query`](crate::http::Query) | no |
/// | `body: \|s\| Body::json(s),` | a `Result<Body, ValidationError>` | no |
/// | `validate: \|s\| ...,` | rules of combinations, checked before sending | no |
/// | `secrets: \|s\| vec![...],` | values to scrub from every kept text | no |
/// | `answer_secrets: ["magic_token"],` | answer fields whose values are credentials (beyond `access_core::secrets::CREDENTIAL_FIELDS`) | no |
/// | `headers: \|s\| vec![...],` | extra headers | no |
/// | `success: \|s, status\| ...,` | which statuses are a success (default 2xx) | no |
/// | `error_in_success: \|s, r\| ...,` | a documented failure inside a success answer | no |
/// | `decode_outcome: \|s, r\| ...,` | decoding that may find a failure | no |
/// | `outcome: \|s, r\| ...,` | instead of `decode` and `decode_outcome` for a vendor whose failures are only found while decoding (SOAP): writes `decode_outcome`, and a `decode` that refuses a documented failure as a `DecodeError` | no |
///
/// ```
/// use access_core::http::{Body, Query, Response};
/// use access_core::{DecodeError, ErrorDetails, VendorErrorBody, ValidationError};
///
/// struct VendorBody;
/// impl VendorErrorBody for VendorBody {
///     fn parse(r: &Response) -> Option<ErrorDetails> {
///         Some(ErrorDetails::new(r.status, None, r.text_lossy()))
///     }
/// }
/// access_core::error_enum! {
///     /// Failures of `GET /doors/{id}`.
///     pub enum GetDoorError for VendorBody {}
/// }
///
/// /// `GET /doors/{id}`: one door.
/// #[derive(Debug, Clone)]
/// pub struct GetDoor {
///     id: u32,
///     verbose: Option<bool>,
/// }
///
/// impl GetDoor {
///     /// The door `id`.
///     pub fn new(id: u32) -> Self {
///         Self { id, verbose: None }
///     }
///     /// Whether the answer carries the door's history.
///     pub fn verbose(mut self, yes: bool) -> Self {
///         self.verbose = Some(yes);
///         self
///     }
/// }
///
/// access_core::endpoint! {
///     impl Endpoint for GetDoor {
///         name: "GET /doors/{id}",
///         method: GET,
///         idempotent: true,
///         path: |s| format!("doors/{}", s.id),
///         query: |s| {
///             let mut q = Query::new();
///             q.push_opt("verbose", s.verbose);
///             q
///         },
///         output: String,
///         error: GetDoorError,
///         decode: |_, r| r.text(),
///     }
/// }
///
/// /// The same call on either of two API paths.
/// pub trait Path: Send + Sync + 'static { const PREFIX: &'static str; }
/// /// `GET /{prefix}/status`.
/// pub struct Status<P>(std::marker::PhantomData<P>);
/// access_core::endpoint! {
///     impl<P: Path> Endpoint for Status<P> {
///         method: GET,
///         name: "GET /{prefix}/status",
///         path: |_| format!("{}/status", P::PREFIX),
///         output: String,
///         error: GetDoorError,
///         idempotent: true,
///         decode: |_, r| r.text(),
///     }
/// }
///
/// use access_core::http::Endpoint;
/// let door = GetDoor::new(7).verbose(true);
/// assert_eq!(door.path(), "doors/7");
/// assert_eq!(GetDoor::NAME, "GET /doors/{id}");
/// assert!(GetDoor::IDEMPOTENT && GetDoor::AUTHENTICATED);
/// ```
#[macro_export]
macro_rules! endpoint {
    (impl Endpoint for $ty:ty { $($clauses:tt)* }) => {
        impl $crate::http::Endpoint for $ty {
            $crate::__endpoint_clauses!($($clauses)*);
        }
    };
    (impl<$($g:ident : $bound:path),+ $(,)?> Endpoint for $ty:ty { $($clauses:tt)* }) => {
        impl<$($g: $bound),+> $crate::http::Endpoint for $ty {
            $crate::__endpoint_clauses!($($clauses)*);
        }
    };
}

/// The clauses of [`endpoint!`](crate::endpoint), one item each.
#[doc(hidden)]
#[macro_export]
macro_rules! __endpoint_clauses {
    () => {};
    (method: $m:ident $(, $($rest:tt)*)?) => {
        const METHOD: $crate::http::Method = $crate::http::Method::$m;
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (name: $n:expr $(, $($rest:tt)*)?) => {
        const NAME: &'static str = $n;
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (idempotent: $b:expr $(, $($rest:tt)*)?) => {
        const IDEMPOTENT: bool = $b;
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (answer_secrets: [$($field:literal),* $(,)?] $(, $($rest:tt)*)?) => {
        const ANSWER_SECRETS: &'static [&'static str] = &[$($field),*];
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (authenticated: $b:expr $(, $($rest:tt)*)?) => {
        const AUTHENTICATED: bool = $b;
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (output: $t:ty $(, $($rest:tt)*)?) => {
        type Output = $t;
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (error: $t:ty $(, $($rest:tt)*)?) => {
        type Error = $t;
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (path: $p:literal $(, $($rest:tt)*)?) => {
        fn path(&self) -> ::std::borrow::Cow<'_, str> {
            ::std::borrow::Cow::Borrowed($p)
        }
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (path: |$s:pat_param| $e:expr $(, $($rest:tt)*)?) => {
        fn path(&self) -> ::std::borrow::Cow<'_, str> {
            let $s = self;
            ::std::borrow::Cow::from($e)
        }
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (path: $p:path $(, $($rest:tt)*)?) => {
        fn path(&self) -> ::std::borrow::Cow<'_, str> {
            ::std::borrow::Cow::Borrowed($p)
        }
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (query: |$s:pat_param| $e:expr $(, $($rest:tt)*)?) => {
        fn query(&self) -> $crate::http::Query {
            let $s = self;
            $e
        }
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (body: |$s:pat_param| $e:expr $(, $($rest:tt)*)?) => {
        fn body(&self) -> ::core::result::Result<$crate::http::Body, $crate::ValidationError> {
            let $s = self;
            $e
        }
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (validate: |$s:pat_param| $e:expr $(, $($rest:tt)*)?) => {
        fn validate(&self) -> ::core::result::Result<(), $crate::ValidationError> {
            let $s = self;
            $e
        }
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (secrets: |$s:pat_param| $e:expr $(, $($rest:tt)*)?) => {
        fn secrets(&self) -> ::std::vec::Vec<$crate::SecretString> {
            let $s = self;
            $e
        }
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (headers: |$s:pat_param| $e:expr $(, $($rest:tt)*)?) => {
        fn headers(&self) -> ::std::vec::Vec<($crate::http::HeaderName, $crate::http::HeaderValue)> {
            let $s = self;
            $e
        }
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (success: |$s:pat_param, $st:pat_param| $e:expr $(, $($rest:tt)*)?) => {
        fn is_success(&self, status: u16) -> bool {
            let $s = self;
            let $st = status;
            $e
        }
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (error_in_success: |$s:pat_param, $r:pat_param| $e:expr $(, $($rest:tt)*)?) => {
        fn error_in_success(
            &self,
            response: &$crate::http::Response,
        ) -> ::core::option::Option<<Self as $crate::http::Endpoint>::Error> {
            let $s = self;
            let $r = response;
            $e
        }
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (decode: |$s:pat_param, $r:pat_param| $e:expr $(, $($rest:tt)*)?) => {
        fn decode(
            &self,
            response: $crate::http::Response,
        ) -> ::core::result::Result<<Self as $crate::http::Endpoint>::Output, $crate::DecodeError> {
            let $s = self;
            let $r = response;
            $e
        }
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (outcome: |$s:pat_param, $r:pat_param| $e:expr $(, $($rest:tt)*)?) => {
        #[allow(clippy::type_complexity)]
        fn decode_outcome(
            &self,
            response: $crate::http::Response,
        ) -> ::core::result::Result<
            ::core::result::Result<
                <Self as $crate::http::Endpoint>::Output,
                <Self as $crate::http::Endpoint>::Error,
            >,
            $crate::DecodeError,
        > {
            let $s = self;
            let $r = response;
            $e
        }
        fn decode(
            &self,
            response: $crate::http::Response,
        ) -> ::core::result::Result<<Self as $crate::http::Endpoint>::Output, $crate::DecodeError> {
            $crate::http::decode_value_only(self, response)
        }
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    (decode_outcome: |$s:pat_param, $r:pat_param| $e:expr $(, $($rest:tt)*)?) => {
        #[allow(clippy::type_complexity)]
        fn decode_outcome(
            &self,
            response: $crate::http::Response,
        ) -> ::core::result::Result<
            ::core::result::Result<
                <Self as $crate::http::Endpoint>::Output,
                <Self as $crate::http::Endpoint>::Error,
            >,
            $crate::DecodeError,
        > {
            let $s = self;
            let $r = response;
            $e
        }
        $crate::__endpoint_clauses!($($($rest)*)?);
    };
    ($other:ident : $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "unknown endpoint clause `", ::core::stringify!($other),
            "`; see access_core::endpoint! for the clauses"
        ));
    };
}
