//! The SOAP and REST sides of the EasySecure simulator share one state: users,
//! groups and logs written through either are seen through the other.
#![cfg(all(feature = "soap", feature = "testkit"))]
use access_core::SecretString;
use easysecure_sdk::WsAltUserId;
use easysecure_sdk::soap::SoapClient;
use easysecure_sdk::testkit::EasySecureSim;
use futures_util::StreamExt;

#[tokio::test]
async fn soap_and_rest_share_the_simulator_state() {
    let sim = EasySecureSim::start().await;
    let soap = SoapClient::builder(SecretString::from(EasySecureSim::SECURITY_KEY.to_string()))
        .base_url(sim.uri())
        .build()
        .unwrap();
    // A user written over SOAP is visible in the REST state, and vice versa.
    soap.users()
        .update_alt_id(
            WsAltUserId::new("SOAP-1").unwrap(),
            easysecure_sdk::soap::users::UserFields::new()
                .name("Via", "Soap")
                .groups(["Staff"]),
        )
        .await
        .unwrap();
    assert_eq!(
        sim.user(&WsAltUserId::new("SOAP-1").unwrap())
            .unwrap()
            .last_name,
        "Soap"
    );
    let users: Vec<_> = soap.users().stream().collect().await;
    assert!(
        users
            .iter()
            .flatten()
            .any(|u| u.ws_alt_user_id.as_deref() == Some("EMP-001"))
    );
    let scan = sim
        .present(
            &WsAltUserId::new("EMP-001").unwrap(),
            EasySecureSim::TIME_CLOCK,
            "IN",
        )
        .unwrap();
    let logs = soap.logs().by_id(scan, scan).await.unwrap();
    assert_eq!(logs[0].scan_id, Some(scan));
    let groups = soap.groups().list().await.unwrap();
    assert!(groups.iter().any(|g| g.name == "Parking"));
}
