#pragma once
// Store: everything Missive keeps, behind one interface, so that the SQLite backend (one node) and
// a PostgreSQL backend (many nodes) are interchangeable for their callers. Implementations are
// thread-safe: any method may be called from any thread. Writes are durable when they return.
//
//   auto store = OpenSqliteStore({.data_dir = "missive-data"});
//   Status saved = (*store)->InsertNotification(notification);  // returns after COMMIT
//   Result<Notification> n = (*store)->GetNotification(service_id, id);

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/notification.h"
#include "model/service.h"
#include "model/template.h"

namespace missive {

// A delivery worker's verdict on one claimed notification.
struct DeliveryUpdate {
  std::string id;
  NotificationStatus status = NotificationStatus::kSending;
  std::optional<std::string> provider_response;
  std::optional<Micros> sent_at;
  Micros updated_at = 0;
  Micros due_at = 0;  // when still in flight: the next time a worker may claim it
  // For a final status: the delivery-status callback body reporting it. It is queued in the
  // transaction that records the status, when the service has a callback.
  std::optional<std::string> callback_payload{};
};

// What a callback reports: a notification's final status, a recipient's complaint, or a text
// message received for the service. Each kind has its own URL and token.
enum class CallbackKind { kDeliveryStatus, kComplaint, kInboundSms };

// "delivery_status", "complaint", "inbound_sms".
std::string_view CallbackKindName(CallbackKind kind);
std::optional<CallbackKind> ParseCallbackKind(std::string_view name);

// Where a service wants one kind of report POSTed. The bearer token is in clear here and sealed
// in storage.
struct ServiceCallback {
  std::string service_id{};
  std::string url{};
  std::string bearer_token{};
  Micros created_at = 0;
  std::optional<Micros> updated_at{};
  CallbackKind kind = CallbackKind::kDeliveryStatus;
};

// A provider's later report on a notification it was handed: an SMS delivery report or an
// email bounce.
struct Receipt {
  std::string notification_id{};
  NotificationStatus status = NotificationStatus::kDelivered;
  std::optional<std::string> provider_response{};
  Micros at = 0;
};

// A callback waiting to be sent.
struct PendingCallback {
  std::string id{};
  std::string notification_id{};
  std::string service_id{};
  std::string payload_json{};
  int attempts = 0;  // failed attempts so far
  Micros next_attempt_at = 0;
  std::optional<std::string> last_error{};
  Micros created_at = 0;
  // Filled in by a claim: the service's callback as it is now; empty when it has none any more.
  std::string url{};
  std::string bearer_token{};
  CallbackKind kind = CallbackKind::kDeliveryStatus;
};

class Store {
 public:
  virtual ~Store() = default;

  // Services. Create fails with kConflict when the name or email_from is taken.
  virtual Status CreateService(const Service& service) = 0;
  virtual Result<Service> GetService(std::string_view id) = 0;
  virtual Result<std::vector<Service>> ListServices() = 0;

  // API keys. The secret is given in clear and stored sealed; reads return it opened.
  // Create fails with kConflict when the service already has a live key of that name.
  virtual Status CreateApiKey(const ApiKey& key) = 0;
  virtual Result<std::vector<ApiKey>> GetApiKeys(std::string_view service_id) = 0;
  virtual Result<ApiKey> FindApiKeyBySecret(std::string_view secret) = 0;
  virtual Status RevokeApiKey(std::string_view key_id, Micros at) = 0;

  // Templates. Reads return one version: `version`, or the current one when absent.
  // GetTemplate is scoped to a service; kNotFound covers other services' templates.
  virtual Status CreateTemplate(const Template& first_version) = 0;
  virtual Result<Template> UpdateTemplate(std::string_view id, const TemplateChange& change,
                                          Micros at) = 0;
  virtual Result<Template> GetTemplate(std::string_view service_id, std::string_view id,
                                       std::optional<int> version = std::nullopt) = 0;
  virtual Result<Template> GetTemplateAnyService(std::string_view id) = 0;
  // Archives a template: it leaves lists and can no longer be sent, but reads still find it.
  virtual Status ArchiveTemplate(std::string_view id) = 0;
  // The service's templates at their current version, archived ones left out, ordered by name
  // then type; only those of `type` when given.
  virtual Result<std::vector<Template>> ListTemplates(std::string_view service_id,
                                                      std::optional<TemplateType> type) = 0;

  // Notifications. Insert returns only once the row is committed. Unless the notification was
  // made with a test key, it counts towards the service's daily and annual usage of its channel,
  // in the same transaction: when `limits` are given and the notification would go over one,
  // nothing is stored and the result is kRejected with message "annual" or "daily".
  struct Limits {
    int daily;
    int annual;
  };
  virtual Status InsertNotification(const Notification& notification,
                                    std::optional<Limits> limits = std::nullopt) = 0;
  virtual Result<Notification> GetNotification(std::string_view service_id,
                                               std::string_view id) = 0;
  // The notification with this id, whichever service sent it; kNotFound when there is none.
  // For provider reports, which know only the id.
  virtual Result<Notification> FindNotification(std::string_view id) = 0;

  // Cancels a scheduled notification that no worker has claimed yet. Cancel and claim are
  // serialised by the store, so exactly one of them wins.
  enum class CancelOutcome { kCancelled, kNotFound, kNotScheduled, kAlreadySent };
  virtual Result<CancelOutcome> CancelScheduled(std::string_view service_id, std::string_view id,
                                                Micros now) = 0;

  // All of a service's notifications created with the query's key type, filtered, newest first.
  virtual Result<std::vector<Notification>> ListNotifications(const NotificationQuery& query) = 0;

  // Service settings: state, permissions and limits (the id and name do not change).
  virtual Status UpdateService(const Service& service) = 0;

  // Recipients a trial service or a team key may send to: team members and the safelist,
  // normalised (lower-case email, E.164 number).
  virtual Status AddAllowedRecipient(std::string_view service_id, std::string_view kind,
                                     std::string_view recipient) = 0;
  virtual Result<std::vector<std::string>> ListAllowedRecipients(std::string_view service_id) = 0;

  // Marks the key used now; cheap enough for every request (throttled by the caller).
  virtual Status TouchApiKey(std::string_view key_id, Micros at) = 0;

  // Senders. Lists are in creation order.
  virtual Status AddReplyTo(const ReplyTo& reply_to) = 0;
  virtual Result<std::vector<ReplyTo>> ListReplyTos(std::string_view service_id) = 0;
  virtual Status AddSmsSender(const SmsSender& sender) = 0;
  virtual Result<std::vector<SmsSender>> ListSmsSenders(std::string_view service_id) = 0;

  // Received text messages, newest first, older than the one with id `older_than` when given.
  virtual Status InsertReceivedText(const ReceivedText& text) = 0;
  virtual Result<std::vector<ReceivedText>> ListReceivedTexts(
      std::string_view service_id, const std::optional<std::string>& older_than, int limit) = 0;

  // Delivery. Claims up to `limit` notifications that are created, or sending with an expired
  // lease or retry time, marks them sending with a lease until now + lease, counts the attempt,
  // and returns them. Lanes are served in priority order (priority, normal, bulk); within a
  // lane, the services with due work share each claim and take turns, so a large batch from one
  // service does not hold up another service's messages.
  virtual Result<std::vector<Notification>> ClaimDue(Micros now, Micros lease, int limit) = 0;
  // Records a worker's verdict. With a callback payload, also queues the callback, in the same
  // transaction, when the service has one configured.
  virtual Status UpdateDelivery(const DeliveryUpdate& update) = 0;
  // Applies a provider's report by GC Notify's rules: an SMS report only while the notification
  // is still `sent` (later duplicates are ignored); an email report whatever the status, except
  // that delivered never replaces permanent-failure. With a callback payload, also queues the
  // delivery-status callback in the same transaction when the report was applied and the
  // service has that callback. Returns whether the report was applied; kNotFound for an unknown
  // notification.
  virtual Result<bool> ApplyReceipt(const Receipt& receipt,
                                    std::optional<std::string> callback_payload) = 0;

  // Gives up on notifications still in flight (created or sending) that were created, or
  // scheduled, before `cutoff`: created ones become technical-failure, sending ones
  // temporary-failure, as GC Notify's nightly timeout does. Returns how many changed.
  virtual Result<int> TimeOutStale(Micros cutoff, Micros now) = 0;

  // Service callbacks. Set creates or replaces the service's callback of `callback.kind`, at
  // `callback.created_at` (a replacement keeps the first created_at and records this time as
  // updated_at); the token is given in clear and stored sealed. kNotFound for an unknown service.
  // Get returns the token opened; kNotFound when the service has no callback of that kind.
  virtual Status SetServiceCallback(const ServiceCallback& callback) = 0;
  virtual Result<ServiceCallback> GetServiceCallback(std::string_view service_id,
                                                     CallbackKind kind) = 0;

  // The callback queue. EnqueueCallback queues `callback` (its kind, id, notification, service,
  // payload, first due time and creation time) when the service has a callback of that kind, and
  // says whether it did. UpdateDelivery queues its own; this is for reports made elsewhere.
  virtual Result<bool> EnqueueCallback(const PendingCallback& callback) = 0;
  // Claims up to `limit` callbacks due at `now`, oldest due first, leaving out those given up
  // on. Each is leased until now + lease, when another sender may take it over, and comes with
  // the current URL and token of its service's callback of its kind (an empty URL when the
  // service has no usable callback of that kind).
  virtual Result<std::vector<PendingCallback>> ClaimDueCallbacks(Micros now, Micros lease,
                                                                 int limit) = 0;
  // What became of a claimed callback. Delivered deletes it. Rescheduled counts the failed
  // attempt, keeps `error` and makes it due at `next_attempt_at`. Given up counts the attempt and
  // keeps the row with `error`, never to be claimed again. A row already gone is not an error.
  virtual Status MarkCallbackDelivered(std::string_view id) = 0;
  virtual Status RescheduleCallback(std::string_view id, Micros next_attempt_at,
                                    std::string_view error) = 0;
  virtual Status GiveUpCallback(std::string_view id, Micros at, std::string_view error) = 0;
};

}  // namespace missive
