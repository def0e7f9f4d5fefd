//! A pool's schema (CreateUserPool's `Schema`): Cognito's standard
//! attributes, which a pool may mark required, and custom ones, which it
//! may not. What is acted on is `Required`: SignUp refuses a user without
//! every required attribute, and NEW_PASSWORD_REQUIRED asks for the ones a
//! user an administrator made lacks. Types, mutability and lengths are
//! checked and reported, not enforced on values.

use cognito_idp::types::{
    NumberAttributeConstraintsType, SchemaAttributeType, StringAttributeConstraintsType,
};

use crate::error::{ApiError, ApiResult};

/// Cognito's standard attributes and their types, in the order
/// DescribeUserPool lists them.
const STANDARD: [(&str, &str); 20] = [
    ("sub", "String"),
    ("name", "String"),
    ("given_name", "String"),
    ("family_name", "String"),
    ("middle_name", "String"),
    ("nickname", "String"),
    ("preferred_username", "String"),
    ("profile", "String"),
    ("picture", "String"),
    ("website", "String"),
    ("email", "String"),
    ("email_verified", "Boolean"),
    ("gender", "String"),
    ("birthdate", "String"),
    ("zoneinfo", "String"),
    ("locale", "String"),
    ("phone_number", "String"),
    ("phone_number_verified", "Boolean"),
    ("address", "String"),
    ("updated_at", "Number"),
];

/// Standard attributes the server sets, never a user: `sub`, and the two
/// `_verified` flags (email_verified an administrator may also set).
const SET_BY_THE_SERVER: [&str; 3] = ["sub", "email_verified", "phone_number_verified"];

/// Cognito's limits: at most 50 attributes in a schema, names of 1 to 20
/// characters. The constraints' numbers are strings Cognito takes up to
/// 131072 characters long, more than a request body here can hold.
const MAX_SCHEMA: usize = 50;
const MAX_NAME: usize = 20;

pub fn is_standard(name: &str) -> bool {
    STANDARD.iter().any(|(standard, _)| *standard == name)
}

/// A standard attribute a user may write (given the right to).
pub fn is_user_attribute(name: &str) -> bool {
    is_standard(name) && !SET_BY_THE_SERVER.contains(&name)
}

/// CreateUserPool's `Schema`, with Cognito's messages.
pub fn check(schema: &[SchemaAttributeType]) -> ApiResult<()> {
    if schema.len() > MAX_SCHEMA {
        return Err(ApiError::too_long("Schema", MAX_SCHEMA));
    }
    for (index, attribute) in schema.iter().enumerate() {
        let name = attribute.name.as_str();
        // Cognito counts list members from 1.
        let at = |member: &str| format!("at 'schema.{}.member.{member}'", index + 1);
        let length = name.chars().count();
        let broken = if length > MAX_NAME {
            Some(format!(
                "Member must have length less than or equal to {MAX_NAME}"
            ))
        } else if length == 0 {
            Some("Member must have length greater than or equal to 1".to_string())
        } else if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Some(
                r"Member must satisfy regular expression pattern: [\p{L}\p{M}\p{S}\p{N}\p{P}]+"
                    .to_string(),
            )
        } else {
            None
        };
        if let Some(constraint) = broken {
            return Err(ApiError::invalid(format!(
                "1 validation error detected: Value '{name}' {} failed to satisfy constraint: {constraint}",
                at("name")
            )));
        }
        if let Some(data_type) = &attribute.attribute_data_type {
            if !["Boolean", "Number", "String", "DateTime"].contains(&data_type.as_str()) {
                return Err(ApiError::invalid(format!(
                    "1 validation error detected: Value '{data_type}' {} failed to satisfy constraint: Member must satisfy enum value set: [Boolean, Number, String, DateTime]",
                    at("attributeDataType")
                )));
            }
        }
        if schema[..index].iter().any(|earlier| earlier.name == name) {
            return Err(ApiError::invalid(format!(
                "The schema names the attribute {name} more than once."
            )));
        }
        match standard_type(name) {
            Some(data_type) => {
                let retyped = attribute
                    .attribute_data_type
                    .as_deref()
                    .is_some_and(|given| given != data_type);
                if retyped || attribute.developer_only_attribute == Some(true) {
                    return Err(ApiError::invalid(format!(
                        "You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute {name}"
                    )));
                }
            }
            None if attribute.required == Some(true) => {
                return Err(ApiError::invalid(
                    "Required custom attributes are not supported currently.",
                ))
            }
            None => {}
        }
    }
    Ok(())
}

fn standard_type(name: &str) -> Option<&'static str> {
    STANDARD
        .iter()
        .find(|(standard, _)| *standard == name)
        .map(|(_, data_type)| *data_type)
}

/// DescribeUserPool's `SchemaAttributes`: every standard attribute, as
/// Cognito describes it unless the pool's schema says otherwise, then the
/// pool's custom attributes under the names users write them with.
pub fn describe(schema: &[SchemaAttributeType]) -> Vec<SchemaAttributeType> {
    let standard = STANDARD.iter().map(|&(name, data_type)| {
        let default = standard_default(name, data_type);
        match schema.iter().find(|a| a.name == name) {
            Some(given) => SchemaAttributeType {
                mutable: given.mutable.or(default.mutable),
                required: given.required.or(default.required),
                string_attribute_constraints: given
                    .string_attribute_constraints
                    .clone()
                    .or(default.string_attribute_constraints),
                number_attribute_constraints: given
                    .number_attribute_constraints
                    .clone()
                    .or(default.number_attribute_constraints),
                ..default
            },
            None => default,
        }
    });
    let custom = schema.iter().filter(|a| !is_standard(&a.name)).map(|a| {
        let developer_only = a.developer_only_attribute == Some(true);
        let data_type = a.attribute_data_type.as_deref().unwrap_or("String");
        SchemaAttributeType {
            name: format!(
                "{}custom:{}",
                if developer_only { "dev:" } else { "" },
                a.name
            ),
            attribute_data_type: Some(data_type.to_string()),
            developer_only_attribute: Some(developer_only),
            mutable: Some(a.mutable.unwrap_or(true)),
            required: Some(false),
            string_attribute_constraints: a.string_attribute_constraints.clone(),
            number_attribute_constraints: a.number_attribute_constraints.clone(),
        }
    });
    standard.chain(custom).collect()
}

/// A standard attribute as Cognito describes it in a pool that says
/// nothing of it.
fn standard_default(name: &str, data_type: &str) -> SchemaAttributeType {
    let lengths = |min: &str, max: &str| StringAttributeConstraintsType {
        min_length: Some(min.into()),
        max_length: Some(max.into()),
    };
    SchemaAttributeType {
        name: name.into(),
        attribute_data_type: Some(data_type.into()),
        developer_only_attribute: Some(false),
        mutable: Some(name != "sub"),
        required: Some(name == "sub"),
        string_attribute_constraints: (data_type == "String").then(|| match name {
            "sub" => lengths("1", "2048"),
            "birthdate" => lengths("10", "10"),
            _ => lengths("0", "2048"),
        }),
        number_attribute_constraints: (data_type == "Number").then(|| {
            NumberAttributeConstraintsType {
                min_value: Some("0".into()),
                max_value: None,
            }
        }),
    }
}

/// The required attributes a user lacks (absent or empty), in schema
/// order; `value` reads the user's attribute. `sub` is the server's to set.
pub fn missing<'a>(
    schema: &[SchemaAttributeType],
    value: impl Fn(&str) -> Option<&'a str>,
) -> Vec<&'static str> {
    STANDARD
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| *name != "sub")
        .filter(|name| {
            schema
                .iter()
                .any(|a| a.name == *name && a.required == Some(true))
        })
        .filter(|name| value(name).is_none_or(str::is_empty))
        .collect()
}

/// SignUp without required attributes: Cognito's message, a line an
/// attribute, each ending in a newline.
pub fn refuse_sign_up(missing: &[&str]) -> ApiError {
    let lines: String = missing
        .iter()
        .map(|name| format!("{name}: The attribute is required\n"))
        .collect();
    ApiError::invalid(format!("Attributes did not conform to the schema: {lines}"))
}

/// An answer to NEW_PASSWORD_REQUIRED without a required attribute the
/// user lacks: Cognito names the first.
pub fn refuse_answer(missing: &str) -> ApiError {
    ApiError::invalid(format!("Invalid attributes given, {missing} is missing"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_idp::types::CreateUserPoolRequest;

    fn attribute(name: &str) -> SchemaAttributeType {
        SchemaAttributeType {
            name: name.into(),
            ..SchemaAttributeType::default()
        }
    }

    #[test]
    fn settings_stored_before_the_schema_read_as_none() {
        let old: CreateUserPoolRequest = serde_json::from_str(
            r#"{"PoolName":"old","Policies":{"PasswordPolicy":{"MinimumLength":8}},"UsernameConfiguration":{"CaseSensitive":false}}"#,
        )
        .unwrap_or_default();
        assert_eq!(old.pool_name, "old");
        assert!(old.schema.is_empty());
        // And none is written for a pool without one.
        let written = serde_json::to_string(&old).unwrap_or_default();
        assert!(!written.contains("Schema"), "{written}");
        assert!(missing(&old.schema, |_| None).is_empty());
    }

    #[test]
    fn only_standard_attributes_can_be_required() {
        let required = |name: &str| SchemaAttributeType {
            required: Some(true),
            ..attribute(name)
        };
        assert!(check(&[required("name"), required("family_name")]).is_ok());
        let refused = check(&[required("employee_id")]).err();
        assert_eq!(
            refused.as_ref().map(ApiError::message),
            Some("Required custom attributes are not supported currently.")
        );
        let retyped = SchemaAttributeType {
            attribute_data_type: Some("Number".into()),
            ..attribute("name")
        };
        assert_eq!(
            check(&[retyped]).err().as_ref().map(ApiError::message),
            Some("You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute name")
        );
    }

    #[test]
    fn names_and_counts_are_bounded() {
        let message =
            |schema: &[SchemaAttributeType]| check(schema).err().map(|e| e.message().to_string());
        assert_eq!(
            message(&[attribute("name"), attribute(&"x".repeat(21))]),
            Some(format!("1 validation error detected: Value '{}' at 'schema.2.member.name' failed to satisfy constraint: Member must have length less than or equal to 20", "x".repeat(21)))
        );
        assert!(check(&[attribute(&"x".repeat(20))]).is_ok());
        assert!(message(&[attribute("")]).is_some());
        assert!(message(&[attribute("two words")]).is_some());
        assert!(message(&[attribute("name"), attribute("name")]).is_some());
        let many: Vec<_> = (0..51).map(|i| attribute(&format!("a{i}"))).collect();
        assert_eq!(
            message(&many),
            Some("1 validation error detected: Value at 'schema' failed to satisfy constraint: Member must have length less than or equal to 50".into())
        );
        assert!(check(&many[..50]).is_ok());
    }

    #[test]
    fn describes_the_standard_attributes_then_the_custom_ones() {
        let schema = [
            SchemaAttributeType {
                required: Some(true),
                mutable: Some(true),
                attribute_data_type: Some("String".into()),
                ..attribute("name")
            },
            attribute("team"),
        ];
        let described = describe(&schema);
        assert_eq!(described.len(), 21);
        assert_eq!(described[0].name, "sub");
        assert_eq!(described[0].required, Some(true));
        assert_eq!(described[1].name, "name");
        assert_eq!(described[1].required, Some(true));
        assert_eq!(described[2].required, Some(false));
        assert_eq!(described[20].name, "custom:team");
        assert_eq!(described[20].required, Some(false));
    }

    #[test]
    fn refusals_are_cognitos() {
        assert_eq!(
            refuse_sign_up(&["name"]).message(),
            "Attributes did not conform to the schema: name: The attribute is required\n"
        );
        assert_eq!(
            refuse_sign_up(&["given_name", "family_name"]).message(),
            "Attributes did not conform to the schema: given_name: The attribute is required\nfamily_name: The attribute is required\n"
        );
        assert_eq!(
            refuse_answer("name").message(),
            "Invalid attributes given, name is missing"
        );
    }
}
