#pragma once
// Notifications and their statuses, with GC Notify's status names and descriptions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  std::optional<std::string> sender;            // reply-to address (email) or sender (SMS), if any
  std::optional<std::string> unsubscribe_url;   // one-click unsubscribe (email), if given
  std::optional<Micros> scheduled_for;          // not handed to a provider before then
  std::optional<std::string> attachments_json;  // [{"filename", "mime_type", "data"}] (email)
  ProcessType lane = ProcessType::kNormal;      // its template's, when it was stored
};

// A page of a service's notifications, newest first: GET /v2/notifications.
struct NotificationQuery {
  std::string service_id;
  KeyType key_type = KeyType::kNormal;
  std::vector<std::string> types;     // wire names; empty: any
  std::vector<std::string> statuses;  // wire names, already expanded; empty: any
  std::optional<std::string> reference;
  std::optional<std::string> older_than;  // a notification id
  int limit = 250;
};

}  // namespace missive
