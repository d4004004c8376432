#include "delivery/sms_provider_spec.h"

#include <charconv>
#include <optional>
#include <set>

#include "core/form.h"

namespace missive {
namespace {

std::optional<double> NonNegative(const std::string& text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::string SmsProviderSpec::Param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return "";
}

Result<SmsProviderSpec> ParseSmsProviderSpec(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == 0 || colon == std::string_view::npos ||
      text.substr(colon + 1).find("://") == std::string_view::npos) {
    return MakeError(ErrorCode::kInvalid, "an SMS provider is KIND:URL, e.g. twilio:https://...");
  }
  SmsProviderSpec spec;
  spec.text = text;
  spec.kind = text.substr(0, colon);
  std::string_view rest = text.substr(colon + 1);
  size_t question = rest.find('?');
  spec.url = rest.substr(0, question);
  std::string_view query = question == std::string_view::npos ? "" : rest.substr(question + 1);
  std::set<std::string> common;
  for (auto& [key, value] : form::Parse(query)) {
    if (key != "priority" && key != "rate" && key != "burst") {
      spec.params.emplace_back(std::move(key), std::move(value));
      continue;
    }
    if (!common.insert(key).second) {
      return MakeError(ErrorCode::kInvalid, spec.kind + " provider: " + key + " is repeated");
    }
    auto number = NonNegative(value);
    if (!number || (key == "priority" && *number != static_cast<int>(*number))) {
      return MakeError(
          ErrorCode::kInvalid,
          spec.kind + " provider: " + key + " must be a non-negative number, not '" + value + "'");
    }
    if (key == "priority") spec.priority = static_cast<int>(*number);
    if (key == "rate") spec.rate = *number;
    if (key == "burst") spec.burst = *number;
  }
  return spec;
}

}  // namespace missive
