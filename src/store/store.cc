#include "store/store.h"

#include <array>
#include <utility>

namespace missive {
namespace {

constexpr std::array<std::pair<CallbackKind, std::string_view>, 3> kCallbackKinds{{
    {CallbackKind::kDeliveryStatus, "delivery_status"},
    {CallbackKind::kComplaint, "complaint"},
    {CallbackKind::kInboundSms, "inbound_sms"},
}};

}  // namespace

std::string_view CallbackKindName(CallbackKind kind) {
  for (const auto& [k, name] : kCallbackKinds) {
    if (k == kind) return name;
  }
  return "delivery_status";
}

std::optional<CallbackKind> ParseCallbackKind(std::string_view name) {
  for (const auto& [kind, n] : kCallbackKinds) {
    if (n == name) return kind;
  }
  return std::nullopt;
}

}  // namespace missive
