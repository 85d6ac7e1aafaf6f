//! The per-vendor adaptations of the HR sync: group maps and person keys.

use access_core::model::{EmailAddress, ExternalId, Person};
use examples::hr_sync::{self, GroupMap, PersonKey};

fn employees() -> Vec<hr_sync::Employee> {
    hr_sync::parse_employees(include_str!("../../data/employees.csv")).unwrap()
}

#[test]
fn a_group_map_parses_and_bad_pairs_are_refused() {
    let map = hr_sync::parse_group_map(" Office=Staff ; Contractors = Visitors;").unwrap();
    assert_eq!(
        map,
        GroupMap::from([
            ("Office".into(), "Staff".into()),
            ("Contractors".into(), "Visitors".into())
        ])
    );
    assert!(hr_sync::parse_group_map("").unwrap().is_empty());
    for bad in ["Office", "Office=", "=Staff", "Office=Staff;Warehouse"] {
        let err = hr_sync::parse_group_map(bad).unwrap_err();
        assert_eq!(err.field, "group_map", "{bad}");
    }
}

#[test]
fn mapped_groups_keep_their_order_without_duplicates() {
    let map = hr_sync::parse_group_map("Office=Staff;Night shift=Time registration").unwrap();
    let mapped = hr_sync::map_groups(&employees(), &map);
    // Anna: Staff;Office -> Staff once.
    assert_eq!(mapped[0].person.groups, vec!["Staff"]);
    // Daan: Warehouse;Night shift -> Warehouse (unmapped, kept), Time registration.
    assert_eq!(
        mapped[3].person.groups,
        vec!["Warehouse", "Time registration"]
    );
    // Everything else is untouched.
    assert_eq!(mapped[3].card, employees()[3].card);
    assert_eq!(mapped.len(), employees().len());
}

#[test]
fn allthenticate_keys_people_by_their_address() {
    assert_eq!(PersonKey::of_vendor("allthenticate"), PersonKey::Email);
    for vendor in ["easysecure", "iloq", "ef45", "anything"] {
        assert_eq!(PersonKey::of_vendor(vendor), PersonKey::ExternalId);
    }
    let person = Person::new(ExternalId::new("E-1").unwrap(), "Anna", "de Vries")
        .unwrap()
        .with_email(EmailAddress::new("anna@example.com").unwrap());
    let keyed = PersonKey::Email.keyed(&person).unwrap();
    assert_eq!(keyed.external_id.as_str(), "anna@example.com");
    assert_eq!(keyed.full_name(), "Anna de Vries");
    assert_eq!(PersonKey::ExternalId.keyed(&person).unwrap(), person);
    let without = Person::new(ExternalId::new("E-2").unwrap(), "Hugo", "").unwrap();
    assert_eq!(PersonKey::Email.keyed(&without), None);
}

#[test]
fn a_generated_hr_file_parses_with_the_documented_pattern() {
    let text = hr_sync::generate_employees(40);
    let employees = hr_sync::parse_employees(&text).unwrap();
    assert_eq!(employees.len(), 40);
    let ids: std::collections::BTreeSet<&str> = employees
        .iter()
        .map(|e| e.person.external_id.as_str())
        .collect();
    assert_eq!(ids.len(), 40, "ids are unique");
    assert_eq!(employees.iter().filter(|e| e.card.is_none()).count(), 10);
    assert_eq!(
        employees
            .iter()
            .filter(|e| e.person.email.is_none())
            .count(),
        4
    );
    assert!(employees.iter().all(|e| !e.person.groups.is_empty()));
    let (members, without) = hr_sync::members_for(hr_sync::PersonKey::Email, &employees);
    assert_eq!((members.len(), without.len()), (36, 4));
    assert!(
        members
            .iter()
            .all(|m| m.id().as_str().ends_with("@example.com"))
    );
}
