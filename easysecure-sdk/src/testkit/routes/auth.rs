//! Sessions, on both role paths: `login`, `refreshToken`, `logout`,
//! `resetPasswordRequest`, `resetPassword`, and the app user's `changePassword`.
//!
//! A login answers an `idToken` valid for one hour on the simulator's clock and
//! a `refreshToken` without expiry; the company name is case-sensitive and the
//! e-mail address is not, as at EasySecure.

use access_core::clock::Clock;
use access_core::testkit::{SimRequest, SimResult};
use serde_json::json;

use super::Sim;
use super::body::{message, refuse, text};
use crate::testkit::state::AccountRole;

/// `POST /admins/login`, `POST /users/login`: `{company, email, password}`.
pub(super) fn login(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_state(req, |st, role, body| {
        let invalid = || refuse(404, "Invalid Login Credentials");
        let (Some(company), Some(email), Some(password)) = (
            text(body, "company"),
            text(body, "email"),
            text(body, "password"),
        ) else {
            return Err(invalid());
        };
        let known = st.company(&company).is_some_and(|c| {
            c.accounts.iter().any(|a| {
                a.role == role && a.email.eq_ignore_ascii_case(&email) && a.password == password
            })
        });
        if !known {
            return Err(invalid());
        }
        let (id, refresh) = st.issue_tokens(&company, role, &email, sim.clock().now());
        Ok(json!({ "idToken": id, "refreshToken": refresh, "expiresIn": "3600" }))
    })
}

/// `POST /admins/refreshToken`, `POST /users/refreshToken`: `{refreshToken}`
/// answers a new `idToken` (the refresh token stays).
pub(super) fn refresh_token(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_state(req, |st, role, body| {
        let Some(refresh) = text(body, "refreshToken").filter(|s| !s.is_empty()) else {
            return Err(refuse(400, "Required field missing"));
        };
        let invalid = || refuse(401, "Invalid refresh token");
        let (company, r, email) = st
            .refresh_tokens
            .get(&refresh)
            .cloned()
            .ok_or_else(invalid)?;
        if r != role {
            return Err(invalid());
        }
        let (id, _) = st.issue_tokens(&company, role, &email, sim.clock().now());
        Ok(json!({ "idToken": id, "refreshToken": refresh, "expiresIn": "3600" }))
    })
}

/// `POST /admins/logout`, `POST /users/logout`: revokes every token of the account.
pub(super) fn logout(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    let email = {
        let st = sim.lock();
        sim.session(&st, req)?.email
    };
    let mut st = sim.lock();
    st.id_tokens.retain(|_, t| t.email != email);
    st.refresh_tokens.retain(|_, (_, _, e)| *e != email);
    drop(st);
    message("Logged out")
}

/// `POST /admins/resetPasswordRequest`, `POST /users/resetPasswordRequest`:
/// `{company, email}` mails a reset token (see `last_reset_token`).
pub(super) fn reset_password_request(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_state(req, |st, role, body| {
        let not_sent = || refuse(500, "Passwords request email not sent");
        let (Some(company), Some(email)) = (text(body, "company"), text(body, "email")) else {
            return Err(not_sent());
        };
        let known = st.company(&company).is_some_and(|c| {
            c.accounts
                .iter()
                .any(|a| a.role == role && a.email == email)
        });
        if !known {
            return Err(not_sent());
        }
        st.next_token += 1;
        let token = format!("reset-{:06}", st.next_token);
        st.reset_tokens.insert(token, (company, role, email));
        Ok(json!({ "message": "Password request email sent" }))
    })
}

/// `POST /admins/resetPassword`, `POST /users/resetPassword`: `{token, password}`;
/// a token works once.
pub(super) fn reset_password(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_state(req, |st, role, body| {
        let impossible = || refuse(500, "It is currently not possible to change the password");
        let (Some(token), Some(password)) = (text(body, "token"), text(body, "password")) else {
            return Err(impossible());
        };
        let Some((company, r, email)) = st.reset_tokens.remove(&token) else {
            return Err(refuse(500, "Passwords request token used"));
        };
        if r != role || password.is_empty() {
            return Err(impossible());
        }
        if let Some(a) = st.company_mut(&company).and_then(|c| {
            c.accounts
                .iter_mut()
                .find(|a| a.email == email && a.role == role)
        }) {
            a.password = password;
        }
        Ok(json!({ "message": "Password changed" }))
    })
}

/// `POST /users/changePassword`: `{oldPassword, newPassword}` of the app account.
pub(super) fn change_password(sim: &Sim, req: &SimRequest<'_>) -> SimResult {
    sim.with_company(req, |c, token, body, _| {
        let (Some(old), Some(new)) = (text(body, "oldPassword"), text(body, "newPassword")) else {
            return Err(refuse(400, "Required field missing"));
        };
        let impossible = || refuse(500, "It is currently not possible to change the password");
        let account = c
            .accounts
            .iter_mut()
            .find(|a| a.email.eq_ignore_ascii_case(&token.email) && a.role == AccountRole::User)
            .ok_or_else(impossible)?;
        if account.password != old || new.is_empty() {
            return Err(impossible());
        }
        account.password = new;
        Ok(json!({ "message": "OK" }))
    })
}
