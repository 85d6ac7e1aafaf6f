//! iLOQ's recipes for key tags, person roles and security roles ("code access
//! groups") on the simulator: what is stored and read back, iLOQ's
//! "Invalid value" for unknown ids, and `CanDelete` guarding a delete.

use access_core::{Error, ErrorKind};
use iloq_sdk::error::Checked;
use iloq_sdk::key_tags::*;
use iloq_sdk::keys::CanDeleteKey;
use iloq_sdk::person_roles::*;
use iloq_sdk::security_roles::*;
use iloq_sdk::testkit::IloqSim;
use iloq_sdk::*;
use uuid::Uuid;

/// A maintenance system tags a key with its ticket (a namespaced key, as iLOQ
/// advises), finds it on the key, changes it, and removes it; tags go when
/// their key is deleted.
#[tokio::test]
async fn a_maintenance_ticket_on_a_key() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let key = sim.seed().s5_keys[0];
    let other = sim.seed().s5_keys[1];
    let ticket = c
        .key_tags()
        .insert(KeyTag::new(key, "acme_maintenance_ticket", "T-4711").save_to_audit_trail(true))
        .await
        .unwrap();
    c.key_tags()
        .insert(KeyTag::new(other, "acme_maintenance_ticket", "T-4712"))
        .await
        .unwrap();
    let on_key = c.key_tags().of_key(key).await.unwrap();
    assert_eq!(on_key.len(), 1);
    assert_eq!(on_key[0].id, ticket);
    assert_eq!(on_key[0].value.as_deref(), Some("T-4711"));
    assert!(on_key[0].save_to_audit_trail);

    let mut changed = c.key_tags().get(ticket).await.unwrap();
    changed.value = Some("T-4711 closed".into());
    changed.save_to_audit_trail = false;
    c.key_tags().update(changed.clone()).await.unwrap();
    assert_eq!(c.key_tags().get(ticket).await.unwrap(), changed);
    assert_eq!(c.key_tags().list().await.unwrap().len(), 2);

    // A tag names its key: a blank `Key` is refused before sending.
    let blank = KeyTag::new(key, " ", "x");
    assert_eq!(InsertKeyTag::new(blank).unwrap_err().field, "Key");
    // A tag on a key iLOQ does not know: "Invalid value".
    let stray = KeyTag::new(KeyId::new(Uuid::from_u128(9)), "acme_ticket", "x");
    let err = c.key_tags().insert(stray).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(matches!(
        err.service_error(),
        Some(InsertKeyTagError::InvalidValue { .. })
    ));

    c.key_tags().delete(ticket).await.unwrap();
    let gone = c.key_tags().get(ticket).await.unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::NotFound);
    assert!(matches!(
        gone.service_error(),
        Some(GetKeyTagError::NotFound { .. })
    ));
    // The other key's tag goes with its key.
    assert_eq!(c.keys().can_delete(other).await.unwrap(), CanDeleteKey::Ok);
    c.keys().delete(other).await.unwrap();
    assert!(c.key_tags().list().await.unwrap().is_empty());
}

/// Person roles are read only: what a person is, and what each role grants.
#[tokio::test]
async fn what_a_persons_roles_grant() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let roles = c.person_roles().list().await.unwrap();
    let names: Vec<_> = roles.iter().filter_map(|r| r.name.as_deref()).collect();
    assert_eq!(names, ["Staff", "Maintenance"]);
    let alan = sim.seed().persons[1];
    let grace = sim.seed().persons[0];
    assert_eq!(c.person_roles().of_person(alan).await.unwrap().len(), 2);
    let hers = c.person_roles().of_person(grace).await.unwrap();
    assert_eq!(hers.len(), 1);
    let staff = hers[0].id.unwrap();
    assert_eq!(c.person_roles().get(staff).await.unwrap(), hers[0]);
    let maintenance = roles[1].id.unwrap();
    let grants = c
        .person_roles()
        .security_accesses(maintenance)
        .await
        .unwrap();
    assert_eq!(
        grants.iter().map(|a| a.id).collect::<Vec<_>>(),
        [sim.seed().api_access_2]
    );
    let grants = c.person_roles().security_accesses(staff).await.unwrap();
    assert_eq!(grants.len(), 2);

    let unknown = PersonRoleId::new(Uuid::from_u128(77));
    let err = c.person_roles().get(unknown).await.unwrap_err();
    assert!(matches!(
        err.service_error(),
        Some(GetPersonRoleError::NotFound { .. })
    ));
    let err = c
        .person_roles()
        .security_accesses(unknown)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    // A person without roles, and an unknown person.
    let ada = c
        .persons()
        .insert(persons::Person::new("E-9").unwrap(), vec![])
        .await
        .unwrap();
    assert!(c.person_roles().of_person(ada).await.unwrap().is_empty());
    assert!(
        c.person_roles()
            .of_person(PersonId::new(Uuid::from_u128(78)))
            .await
            .is_err()
    );
}

/// A code access group for the lobby's network-module door: created with its
/// PIN (never answered back), renamed, and deleted once `CanDelete` allows it;
/// a group still linked to a person (in Manager) is refused without the delete
/// being sent.
#[tokio::test]
async fn a_code_access_group_for_the_lobby_door() {
    let sim = IloqSim::start().await;
    let c = sim.client();
    let root = RealEstateId::new(Uuid::nil());
    let seeded = c.security_roles().list().await.unwrap();
    assert_eq!(seeded.len(), 2);
    assert!(
        seeded
            .iter()
            .all(|r| r.online_access_code.as_deref() == Some("")),
        "the code is empty when read"
    );

    let role = SecurityRole::new("Night shift", root)
        .description("after 22:00")
        .online_access_code("24680")
        .relay_time_ms(4000)
        .zone(sim.seed().default_zone);
    let id = role.id;
    let stored = c.security_roles().insert(role).await.unwrap();
    assert_eq!(stored.id, id);
    assert_eq!(stored.online_relay_operating_time_ms, 4000);
    assert_eq!(stored.online_access_code.as_deref(), Some(""));

    let mut renamed = c.security_roles().get(id).await.unwrap();
    renamed.name = Some("Night shift (lobby)".into());
    // An empty code keeps the old one (iLOQ: "uses previous code").
    c.security_roles().update(renamed).await.unwrap();
    let read = c.security_roles().get(id).await.unwrap();
    assert_eq!(read.name.as_deref(), Some("Night shift (lobby)"));
    assert_eq!(read.description.as_deref(), Some("after 22:00"));

    // A role without real estate is refused before sending.
    let mut bad = SecurityRole::new("x", root);
    bad.real_estate_id = None;
    assert_eq!(
        InsertSecurityRole::new(bad).unwrap_err().field,
        "RealEstate_ID"
    );
    // A zone iLOQ does not know: "Invalid value".
    let err = c
        .security_roles()
        .insert(SecurityRole::new("y", root).zone(ZoneId::new(Uuid::from_u128(5))))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);

    // The lobby code is linked to Grace in Manager: refused, nothing deleted.
    let lobby = seeded
        .iter()
        .find(|r| r.name.as_deref() == Some("Lobby door code"))
        .unwrap()
        .id;
    assert_eq!(
        c.security_roles().can_delete(lobby).await.unwrap(),
        CanDeleteSecurityRole::LinkedToPerson
    );
    let err = c.security_roles().delete(lobby).await.unwrap_err();
    assert!(matches!(
        err,
        Error::Service {
            error: Checked::Refused(CanDeleteSecurityRole::LinkedToPerson),
            ..
        }
    ));
    assert!(!err.may_have_been_sent());
    let delete_path = |id: SecurityRoleId| format!("/iloqwspool1/api/v2/SecurityRoles/{id}");
    assert_eq!(sim.count("DELETE", &delete_path(lobby)), 0);
    // The new role is linked to nobody: it goes.
    assert!(c.security_roles().can_delete(id).await.unwrap().is_ok());
    c.security_roles().delete(id).await.unwrap();
    assert_eq!(sim.count("DELETE", &delete_path(id)), 1);
    let err = c.security_roles().get(id).await.unwrap_err();
    assert!(matches!(
        err.service_error(),
        Some(GetSecurityRoleError::NotFound { .. })
    ));
    assert_eq!(c.security_roles().list().await.unwrap().len(), 2);
}
