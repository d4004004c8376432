#include <array>
#include <utility>

#include "model/notification.h"
#include "model/service.h"
#include "model/template.h"

namespace missive {
namespace {

template <typename Enum, size_t N>
std::optional<Enum> Lookup(const std::array<std::pair<Enum, std::string_view>, N>& table,
                           std::string_view name) {
  for (const auto& [value, text] : table) {
    if (text == name) return value;
  }
  return std::nullopt;
}

template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [candidate, text] : table) {
    if (candidate == value) return text;
  }
  return "unknown";
}

constexpr std::array<std::pair<KeyType, std::string_view>, 3> kKeyTypes{{
    {KeyType::kNormal, "normal"},
    {KeyType::kTeam, "team"},
    {KeyType::kTest, "test"},
}};

constexpr std::array<std::pair<TemplateType, std::string_view>, 2> kTemplateTypes{{
    {TemplateType::kEmail, "email"},
    {TemplateType::kSms, "sms"},
}};

using S = NotificationStatus;
constexpr std::array<std::pair<S, std::string_view>, 9> kStatuses{{
    {S::kCreated, "created"},
    {S::kSending, "sending"},
    {S::kSent, "sent"},
    {S::kDelivered, "delivered"},
    {S::kPending, "pending"},
    {S::kTechnicalFailure, "technical-failure"},
    {S::kTemporaryFailure, "temporary-failure"},
    {S::kPermanentFailure, "permanent-failure"},
    {S::kCancelled, "cancelled"},
}};

}  // namespace

bool Service::Can(std::string_view permission) const {
  for (const auto& granted : permissions) {
    if (granted == permission) return true;
  }
  return false;
}

std::string_view KeyTypeName(KeyType type) { return NameOf(kKeyTypes, type); }
std::optional<KeyType> ParseKeyType(std::string_view name) { return Lookup(kKeyTypes, name); }

std::string_view TemplateTypeName(TemplateType type) { return NameOf(kTemplateTypes, type); }
std::optional<TemplateType> ParseTemplateType(std::string_view name) {
  return Lookup(kTemplateTypes, name);
}

constexpr std::array<std::pair<ProcessType, std::string_view>, 3> kProcessTypes{{
    {ProcessType::kPriority, "priority"},
    {ProcessType::kNormal, "normal"},
    {ProcessType::kBulk, "bulk"},
}};

std::string_view ProcessTypeName(ProcessType type) { return NameOf(kProcessTypes, type); }
std::optional<ProcessType> ParseProcessType(std::string_view name) {
  return Lookup(kProcessTypes, name);
}

std::string_view StatusName(NotificationStatus status) { return NameOf(kStatuses, status); }
std::optional<NotificationStatus> ParseStatus(std::string_view name) {
  return Lookup(kStatuses, name);
}

std::string_view StatusDescription(NotificationStatus status, TemplateType type) {
  const bool sms = type == TemplateType::kSms;
  switch (status) {
    case S::kCreated:
    case S::kSending:
    case S::kPending:
      return "In transit";
    case S::kSent:
      return sms ? "Sent" : "Delivered";
    case S::kDelivered:
      return "Delivered";
    case S::kPermanentFailure:
      return sms ? "No such number" : "No such address";
    case S::kTemporaryFailure:
      return sms ? "Carrier issue" : "Content or inbox issue";
    case S::kTechnicalFailure:
      return "Tech issue";
    case S::kCancelled:
      return "cancelled";
  }
  return StatusName(status);
}

bool IsCompleted(NotificationStatus status) {
  switch (status) {
    case S::kSent:
    case S::kDelivered:
    case S::kTechnicalFailure:
    case S::kTemporaryFailure:
    case S::kPermanentFailure:
    case S::kCancelled:
      return true;
    default:
      return false;
  }
}

}  // namespace missive
