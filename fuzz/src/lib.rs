//! Shared pieces of the fuzz targets: turning fuzzer bytes into a vendor answer
//! and running one endpoint's decoder and error recogniser on it.

use access_core::ServiceError;
use access_core::http::{Endpoint, HeaderMap, HeaderValue, Response};

/// Statuses the first input byte selects: successes and every error class.
const STATUSES: [u16; 12] = [200, 200, 200, 201, 204, 400, 401, 403, 404, 409, 500, 503];

/// Splits fuzzer input into a status (first byte) and a body (the rest).
pub fn answer(data: &[u8]) -> Option<(u16, bytes::Bytes)> {
    let (&first, rest) = data.split_first()?;
    let status = STATUSES[usize::from(first) % STATUSES.len()];
    Some((status, bytes::Bytes::copy_from_slice(rest)))
}

/// Runs `endpoint`'s decoder (on a success status) or its error recogniser
/// (otherwise) on the answer. Any panic is a finding.
pub fn exercise<E: Endpoint>(endpoint: &E, status: u16, body: &bytes::Bytes) {
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    let response = Response::new(status, headers, body.clone());
    if endpoint.is_success(status) {
        // What the transport calls: the answer, or a failure carried inside it
        // (`error_in_success`, then `decode`, unless the endpoint reads both at once).
        if let Ok(Err(error)) = endpoint.decode_outcome(response) {
            let _ = error.to_string();
            let _ = error.kind();
        }
    } else if let Some(error) = E::Error::from_response(&response) {
        let _ = error.to_string();
        let _ = error.kind();
    }
}
