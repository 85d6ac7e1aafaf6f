//! Sign-ins to the REST simulator, shared by the suite and the tracing binary.
#![allow(dead_code)] // each test binary uses its own part

use easysecure_sdk::auth::{Admin, LoginError, User};
use easysecure_sdk::testkit::EasySecureSim;
use easysecure_sdk::{Client, ClientBuilder, Error, WsAltUserId};

/// A builder aimed at `sim` and sharing its clock.
pub fn on_sim(sim: &EasySecureSim) -> ClientBuilder {
    Client::builder()
        .base_url(sim.uri())
        .clock(sim.shared_clock())
}

/// Logs in through `builder` as the seeded admin, with `password`.
pub async fn admin_login(
    builder: ClientBuilder,
    password: &str,
) -> Result<Client<Admin>, Error<LoginError>> {
    let company = EasySecureSim::COMPANY;
    let email = EasySecureSim::ADMIN_EMAIL;
    builder
        .login_admin(company, email, password.to_string().into())
        .await
}

/// The seeded admin, logged in on `sim`.
pub async fn admin(sim: &EasySecureSim) -> Client<Admin> {
    admin_login(on_sim(sim), EasySecureSim::ADMIN_PASSWORD)
        .await
        .unwrap()
}

/// The seeded user, logged in on `sim`.
pub async fn user(sim: &EasySecureSim) -> Client<User> {
    let company = EasySecureSim::COMPANY;
    let email = EasySecureSim::USER_EMAIL;
    let password = EasySecureSim::USER_PASSWORD.to_string().into();
    on_sim(sim)
        .login_user(company, email, password)
        .await
        .unwrap()
}

/// A wsAltUserId (valid by construction in the tests).
pub fn ws(id: &str) -> WsAltUserId {
    WsAltUserId::new(id).unwrap()
}
