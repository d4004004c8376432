#pragma once
// Notifications and their statuses, with GC Notify's status names and descriptions.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "model/service.h"
#include "model/template.h"

namespace missive {

enum class NotificationStatus {
  kCreated,
  kSending,
  kSent,
  kDelivered,
  kPending,
  kTechnicalFailure,
  kTemporaryFailure,
  kPermanentFailure,
  kCancelled,
};

// The wire name ("created", "technical-failure", ...).
std::string_view StatusName(NotificationStatus status);
std::optional<NotificationStatus> ParseStatus(std::string_view name);

// The human label GC Notify reports as status_description ("In transit", "Tech issue", ...).
std::string_view StatusDescription(NotificationStatus status, TemplateType type);

// True for statuses after which completed_at is reported.
bool IsCompleted(NotificationStatus status);

struct Notification {
  std::string id;
  std::string service_id;
  std::string api_key_id;
  KeyType key_type = KeyType::kNormal;
  std::string template_id;
  int template_version = 1;
  TemplateType type = TemplateType::kEmail;
  std::string to;                    // as submitted
  std::string personalisation_json;  // the request's personalisation object, as JSON text
  std::optional<std::string> reference;
  NotificationStatus status = NotificationStatus::kCreated;
  std::optional<std::string> provider_response;
  Micros created_at = 0;
  std::optional<Micros> sent_at;
  std::optional<Micros> updated_at;
  int attempts = 0;
};

}  // namespace missive
