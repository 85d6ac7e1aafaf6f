//! The one place an `Endpoint` impl is written out.

/// Implements `access_core::http::Endpoint` for a request struct.
macro_rules! endpoint {
    (
        $name:ty : $method:ident $nm:literal,
        idempotent = $idem:literal,
        auth = $auth:literal,
        error = $err:ty,
        output = $out:ty,
        path = |$s:ident| $path:expr,
        $( query = |$sq:ident, $q:ident| $query:block, )?
        $( body = |$sb:ident| $body:expr, )?
        $( validate = |$sv:ident| $val:block, )?
        $( success = |$ss:ident, $st:ident| $succ:expr, )?
        $( secrets = |$sx:ident| $secrets:expr, )?
        decode = |$sd:ident, $r:ident| $decode:expr $(,)?
    ) => {
        impl access_core::http::Endpoint for $name {
            type Output = $out;
            type Error = $err;
            const METHOD: access_core::http::Method = access_core::http::Method::$method;
            const NAME: &'static str = $nm;
            const IDEMPOTENT: bool = $idem;
            const AUTHENTICATED: bool = $auth;

            fn path(&self) -> std::borrow::Cow<'_, str> {
                let $s = self;
                ($path).into()
            }

            $(
                fn query(&self) -> access_core::http::Query {
                    let $sq = self;
                    let mut $q = access_core::http::Query::new();
                    $query
                    $q
                }
            )?

            $(
                fn body(&self) -> Result<access_core::http::Body, access_core::ValidationError> {
                    let $sb = self;
                    $body
                }
            )?

            $(
                fn validate(&self) -> Result<(), access_core::ValidationError> {
                    let $sv = self;
                    $val
                }
            )?

            $(
                fn is_success(&self, status: u16) -> bool {
                    let $ss = self;
                    let $st = status;
                    $succ
                }
            )?

            $(
                fn secrets(&self) -> Vec<access_core::SecretString> {
                    let $sx = self;
                    $secrets
                }
            )?

            fn decode(
                &self,
                $r: access_core::http::Response,
            ) -> Result<$out, access_core::DecodeError> {
                let $sd = self;
                let _ = $sd;
                $decode
            }
        }
    };
}

pub(crate) use endpoint;
