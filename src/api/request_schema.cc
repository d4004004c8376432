#include "api/request_schema.h"

#include <algorithm>
#include <cstdio>

#include "core/uuid.h"
#include "recipients/email_address.h"
#include "recipients/phone_number.h"

namespace missive {
namespace {

std::string ReprWithQuotes(const nlohmann::json& value);

std::string FloatRepr(double number) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", number);
  // Python prints the shortest form that reads back; try shorter precisions first.
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, number);
    if (std::strtod(buffer, nullptr) == number) break;
  }
  std::string text = buffer;
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

std::string ContainerRepr(const nlohmann::json& value) {
  std::string out = value.is_array() ? "[" : "{";
  bool first = true;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!first) out += ", ";
    first = false;
    if (value.is_object()) out += "'" + it.key() + "': ";
    out += ReprWithQuotes(*it);
  }
  return out + (value.is_array() ? "]" : "}");
}

std::string ReprWithQuotes(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "None";
    case nlohmann::json::value_t::boolean:
      return value.get<bool>() ? "True" : "False";
    case nlohmann::json::value_t::number_float:
      return FloatRepr(value.get<double>());
    case nlohmann::json::value_t::string:
      return "'" + value.get<std::string>() + "'";
    case nlohmann::json::value_t::array:
    case nlohmann::json::value_t::object:
      return ContainerRepr(value);
    default:
      return value.dump();
  }
}

bool HasType(const nlohmann::json& value, FieldKind kind) {
  switch (kind) {
    case FieldKind::kString:
    case FieldKind::kUuid:
    case FieldKind::kEmail:
    case FieldKind::kPhone:
      return value.is_string();
    case FieldKind::kStringOrNull:
      return value.is_string() || value.is_null();
    case FieldKind::kObject:
      return value.is_object();
    case FieldKind::kArrayOrNull:
      return value.is_array() || value.is_null();
  }
  return false;
}

std::string_view TypeWords(FieldKind kind) {
  switch (kind) {
    case FieldKind::kStringOrNull:
      return "string, null";
    case FieldKind::kObject:
      return "object";
    case FieldKind::kArrayOrNull:
      return "array, null";
    default:
      return "string";
  }
}

// The message for one property, or "" when it is valid.
std::string CheckField(const FieldRule& rule, const nlohmann::json& value) {
  std::string name(rule.name);
  if (rule.kind == FieldKind::kUuid) {
    bool valid = value.is_string() && ParseUuid(value.get<std::string>());
    return valid ? "" : name + " is not a valid UUID";
  }
  if (!HasType(value, rule.kind)) {
    return name + " " + PythonRepr(value) + " is not of type " + std::string(TypeWords(rule.kind));
  }
  if (rule.kind == FieldKind::kEmail && !IsValidEmailAddress(value.get<std::string>())) {
    return name + " Not a valid email address";
  }
  if (rule.kind == FieldKind::kPhone) {
    auto phone = ValidatePhoneNumber(value.get<std::string>());
    if (!phone) return name + " " + phone.error().message;
  }
  return "";
}

}  // namespace

std::string UnexpectedMessage(const std::vector<std::string>& extras) {
  std::string names;
  for (const auto& extra : extras) names += (names.empty() ? "" : ", ") + extra;
  return "Additional properties are not allowed (" + names +
         (extras.size() == 1 ? " was unexpected)" : " were unexpected)");
}

std::string PythonRepr(const nlohmann::json& value) {
  std::string text = ReprWithQuotes(value);
  text.erase(std::remove(text.begin(), text.end(), '\''), text.end());
  return text;
}

std::vector<std::string> Validate(const nlohmann::json& body, const Schema& schema) {
  if (!body.is_object()) return {PythonRepr(body) + " is not of type object"};
  std::vector<std::string> errors;
  for (const auto& rule : schema.properties) {
    auto found = body.find(rule.name);
    if (found == body.end()) continue;
    if (std::string message = CheckField(rule, *found); !message.empty()) errors.push_back(message);
  }
  for (auto name : schema.required) {
    if (!body.contains(name)) errors.push_back(std::string(name) + " is a required property");
  }
  if (schema.additional_properties) return errors;
  std::vector<std::string> extras;
  for (auto it = body.begin(); it != body.end(); ++it) {
    auto declared = [&](const FieldRule& rule) { return rule.name == it.key(); };
    if (std::none_of(schema.properties.begin(), schema.properties.end(), declared)) {
      extras.push_back(it.key());
    }
  }
  if (!extras.empty()) errors.push_back(UnexpectedMessage(extras));
  return errors;
}

}  // namespace missive
