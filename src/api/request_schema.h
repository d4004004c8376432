#pragma once
// Request validation that words its errors as GC Notify's JSON-schema validation does: the same
// checks in the same order (type of the body, then each declared property in declaration order,
// then required properties, then unexpected ones), with the same messages. Thread-safe.
//
//   static const Schema kSchema{{{"email_address", FieldKind::kEmail}, ...}, {"email_address"}};
//   std::vector<std::string> errors = Validate(body, kSchema);   // empty when valid

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace missive {

enum class FieldKind {
  kString,
  kStringOrNull,
  kObject,
  kArrayOrNull,
  kUuid,
  kEmail,
  kPhone,  // a phone number, international allowed
};

struct FieldRule {
  std::string_view name;
  FieldKind kind;
};

struct Schema {
  std::vector<FieldRule> properties;
  std::vector<std::string_view> required;
  bool additional_properties = false;
};

std::vector<std::string> Validate(const nlohmann::json& body, const Schema& schema);

// "Additional properties are not allowed (a, b were unexpected)".
std::string UnexpectedMessage(const std::vector<std::string>& names);

// How Python prints a decoded JSON value (None, True, 1.5, [1, 2], {'a': 1}), with the quotes
// removed as GC Notify removes them from its messages.
std::string PythonRepr(const nlohmann::json& value);

}  // namespace missive
