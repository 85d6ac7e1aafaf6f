//! Injected failures arrive as the vendor's typed errors: EasySecure's error body
//! on the REST side (a documented message reaches its error-table variant), a
//! SOAP Fault on ESWS. A fault aimed at one endpoint leaves the others alone and
//! is counted; `reset()` restores the seed.
#![cfg(all(feature = "testkit", feature = "soap"))]

use access_core::Error;
use easysecure_sdk::groups::GetGroups;
use easysecure_sdk::soap::groups::GetGroupsError;
use easysecure_sdk::soap::qr::GetQr;
use easysecure_sdk::testkit::{EasySecureSim, EasySecureSoapSim, SimError, soap_fault};
use easysecure_sdk::users::{
    SetUsers, SetUsersError, SyncUserToFirebase, SyncUserToFirebaseError, UserUpsert,
};

use crate::shared::ws;

#[tokio::test]
async fn a_documented_message_reaches_its_variant_and_spares_other_endpoints() {
    let sim = EasySecureSim::start().await;
    let admin = sim.client().await;
    sim.faults()
        .at("POST /admins/syncUserToFirebase")
        .fail_next_with_error(1, SimError::new(500, "Can not save data"));
    assert_eq!(sim.faults().pending(), 1);
    // Other endpoints are not hit.
    admin.groups().list().await.unwrap();
    admin
        .users()
        .upsert(UserUpsert::new(ws("F-1")))
        .await
        .unwrap();
    assert_eq!((sim.faults().pending(), sim.faults().fired()), (1, 0));
    let err = admin
        .users()
        .sync_to_firebase(SyncUserToFirebase::new(ws("EMP-002")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.service_error(),
            Some(SyncUserToFirebaseError::CannotSaveData { .. })
        ),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(500));
    assert_eq!((sim.faults().pending(), sim.faults().fired()), (0, 1));
    // The next call is answered by the simulator again.
    admin
        .users()
        .sync_to_firebase(SyncUserToFirebase::new(ws("EMP-002")))
        .await
        .unwrap();

    // Aimed by the endpoint type; a 400 of the table is its variant too.
    sim.faults()
        .endpoint::<SetUsers>()
        .fail_next_with_error(1, SimError::new(400, "Incorrect format"));
    let err = admin
        .users()
        .upsert(UserUpsert::new(ws("F-2")))
        .await
        .unwrap_err();
    assert!(matches!(
        err.service_error(),
        Some(SetUsersError::IncorrectFormat { .. })
    ));
    assert!(sim.user(&ws("F-2")).is_none(), "nothing was written");

    // A bare status is EasySecure's body too: a typed error keeping the status.
    sim.faults()
        .at("POST /admins/getGroups")
        .fail_next_with(1, 500);
    let err = admin.send(&GetGroups::new()).await.unwrap_err();
    assert!(matches!(err, Error::Service { .. }), "{err:?}");
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.message(), Some("injected 500"));
}

#[tokio::test]
async fn esws_faults_are_soap_faults() {
    let sim = EasySecureSoapSim::start().await;
    let client = sim.client();
    sim.faults()
        .at("ESWS Esws.getGroups")
        .fail_next_with_error(1, soap_fault("Database is away"));
    // Another function is not hit.
    assert!(client.users().page_count().await.is_ok());
    assert_eq!(sim.faults().pending(), 1);
    let err = client.groups().list().await.unwrap_err();
    assert!(
        matches!(err.service_error(), Some(GetGroupsError::Unknown { .. })),
        "{err:?}"
    );
    assert_eq!(err.code(), Some("SOAP-ENV:Server"));
    assert_eq!(err.message(), Some("Database is away"));
    assert_eq!(err.status(), Some(500));
    assert_eq!(sim.faults().fired(), 1);

    // Any injected failure is a Fault on the SOAP simulator; a 503 on a read
    // is retried, so the read succeeds.
    sim.faults().endpoint::<GetQr>().fail_next(1);
    assert_eq!(client.qr_codes().get(ws("EMP-001")).await.unwrap(), None);
    assert_eq!(sim.faults().fired(), 2);
    assert_eq!(sim.count_function("getQR"), 2, "the 503, then the retry");
    sim.faults()
        .at("ESWS Esws.getGroups")
        .fail_next_with(1, 400);
    let err = client.groups().list().await.unwrap_err();
    assert_eq!(err.code(), Some("SOAP-ENV:Client"));

    // On the shared server, a SOAP-ENV code makes the failure a Fault.
    let shared = EasySecureSim::start().await;
    let soap = shared.soap_client();
    shared
        .faults()
        .at("ESWS Esws.getGroups")
        .fail_next_with_error(1, soap_fault("Database is away"));
    assert!(
        shared.client().await.groups().list().await.is_ok(),
        "REST spared"
    );
    let err = soap.groups().list().await.unwrap_err();
    assert_eq!(err.code(), Some("SOAP-ENV:Server"));
    assert_eq!(shared.count_function("getGroups"), 1);
    // So does any failure injected into an ESWS call on the shared server.
    shared
        .faults()
        .at("ESWS Esws.getGroups")
        .fail_next_with(1, 400);
    let err = soap.groups().list().await.unwrap_err();
    assert_eq!(err.code(), Some("SOAP-ENV:Client"));
    assert_eq!(err.status(), Some(400));
}

#[tokio::test]
async fn reset_restores_the_seed() {
    let sim = EasySecureSim::start().await;
    let admin = sim.client().await;
    admin
        .users()
        .upsert(UserUpsert::new(ws("EMP-001")).name("Changed", "Name"))
        .await
        .unwrap();
    admin
        .users()
        .upsert(UserUpsert::new(ws("R-1")))
        .await
        .unwrap();
    sim.set_ws_alt_user_id_label(false);
    sim.faults().fail_next(3);
    sim.reset();
    assert_eq!(sim.faults().pending(), 0);
    assert!(sim.requests().is_empty());
    assert_eq!(sim.count("POST", "/admins/setUsers"), 0);
    assert!(sim.user(&ws("R-1")).is_none());
    assert_eq!(sim.user(&ws("EMP-001")).unwrap().first_name, "Jan");
    // Tokens are part of the state: the old session logs in again.
    let fresh = sim.client().await;
    assert_eq!(fresh.users().all().await.unwrap().len(), 3);
    assert!(admin.groups().list().await.is_ok());
    assert_eq!(admin.session().login_count(), 2);

    let soap = EasySecureSoapSim::start().await;
    let client = soap.client();
    client.qr_codes().set(ws("EMP-001")).await.unwrap();
    assert!(soap.user(&ws("EMP-001")).unwrap().has_qr);
    soap.reset();
    assert!(!soap.user(&ws("EMP-001")).unwrap().has_qr);
    assert_eq!(soap.count_function("setQR"), 0);
}
