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
