//! ESWS QR codes: `setQR`, `getQR`, `deleteQR`.

use access_core::testkit::{SimRequest, SimResult};

use super::super::Sim;
use super::{Ret, answer, random_alnum};

/// `setQR(p_companyID, p_wsAltUserId)`: a new code of 32 characters of
/// `[0-9a-zA-Z]` **\[V\]** D.
pub(in super::super) fn set_qr(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| match x.existing_alt_user() {
        Err(r) => r,
        Ok(ws) => {
            let code = random_alnum(32);
            let key = x.qr_key(&ws);
            x.esws.qr.insert(key, code.clone());
            Ret::text(code)
        }
    })
}

/// `getQR(p_companyID, p_wsAltUserId)`: the code, or nil for none.
pub(in super::super) fn get_qr(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| match x.existing_alt_user() {
        Err(r) => r,
        Ok(ws) => match x.esws.qr.get(&x.qr_key(&ws)) {
            Some(code) => Ret::text(code.clone()),
            None => Ret::Nil,
        },
    })
}

/// `deleteQR(p_companyID, p_wsAltUserId)`: `OK`.
pub(in super::super) fn delete_qr(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    answer(sim, req, |x| match x.existing_alt_user() {
        Err(r) => r,
        Ok(ws) => {
            let key = x.qr_key(&ws);
            x.esws.qr.remove(&key);
            Ret::text("OK")
        }
    })
}
