//! The one shape of every EasySecure REST endpoint: `POST` with a JSON body.

/// Implements `Endpoint` (POST, JSON body = the struct's `Serialize`, validation =
/// its `check`) and `RoleEndpoint<role>` for a request type. `secrets` names the
/// values the body carries that must never be quoted back in an error (PINs).
macro_rules! post_json {
    (
        $ty:ty, role = $role:ty, path = $path:literal, idempotent = $idem:literal,
        output = $out:ty, error = $err:ty, decode = $decode:expr
        $(, secrets = $secrets:expr)? $(,)?
    ) => {
        impl ::access_core::http::Endpoint for $ty {
            type Output = $out;
            type Error = $err;
            const METHOD: ::access_core::http::Method = ::access_core::http::Method::POST;
            const NAME: &'static str = concat!("POST /", $path);
            const IDEMPOTENT: bool = $idem;
            fn path(&self) -> ::std::borrow::Cow<'_, str> {
                $path.into()
            }
            fn body(&self) -> Result<::access_core::http::Body, ::access_core::ValidationError> {
                ::access_core::http::Body::json(self)
            }
            fn validate(&self) -> Result<(), ::access_core::ValidationError> {
                self.check()
            }
            $(
                fn secrets(&self) -> Vec<::access_core::SecretString> {
                    let f: fn(&Self) -> Vec<::access_core::SecretString> = $secrets;
                    f(self)
                }
            )?
            fn decode(
                &self,
                response: ::access_core::http::Response,
            ) -> Result<$out, ::access_core::DecodeError> {
                let f: fn(
                    &::access_core::http::Response,
                ) -> Result<$out, ::access_core::DecodeError> = $decode;
                f(&response)
            }
        }
        impl $crate::auth::RoleEndpoint<$role> for $ty {}
    };
}

pub(crate) use post_json;

/// Refuses an empty or control-character text field.
pub(crate) fn non_empty(field: &str, value: &str) -> Result<(), access_core::ValidationError> {
    if value.trim().is_empty() {
        return Err(access_core::ValidationError::new(
            field,
            "must not be empty",
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(access_core::ValidationError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}
