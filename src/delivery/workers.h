#pragma once
// DeliveryWorkers: threads that turn committed notifications into sent email. Each thread claims
// a few due notifications at a time (with a lease, so the work of a killed process is taken over
// once the lease runs out), renders each from its template version, hands it to its own
// EmailSender (the emails of one claim together, each outcome recorded before the next email's
// content leaves) or SmsProvider, and records the outcome: delivered when the provider accepts,
// technical-failure when it refuses for good or after the last retry, and otherwise a retry with
// exponential backoff. Notifications sent with a test key never reach a provider: they get GC
// Notify's simulated outcome for their recipient. A final status carries its delivery-status
// callback body, which the store queues with it when the service has a callback. A sweeper times
// out what is still in flight after three days, as GC Notify does. Services are read at most once
// a second (LookupCache): a renamed or rebranded service shows in emails within that second.
// Start, Stop and Wake may be called from any thread.
//
//   DeliveryWorkers workers(store, clock, [] { return MakeOutboxSender("outbox"); }, {});
//   workers.Start();
//   workers.Wake();   // after a commit: look for work now rather than at the next poll

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "delivery/email_sender.h"
#include "delivery/sms_provider.h"
#include "store/lookup_cache.h"
#include "store/store.h"

namespace missive {

struct WorkerOptions {
  int threads = 4;
  int batch = 8;                          // notifications claimed at a time
  Micros lease = 120 * kMicrosPerSecond;  // longer than one SMTP exchange can last
  // The longest one provider call may take (the SMTP sender's time-out). A thread starts another
  // message of its claim only while that much of the lease is left, and hands the rest back, so
  // a slow provider never lets a lease run out under a message in hand (which another thread
  // would then send as well).
  Micros longest_send = 30 * kMicrosPerSecond;
  Micros poll_interval = kMicrosPerSecond / 2;  // look for due retries this often
  int max_attempts = 48;
  Micros retry_base = kMicrosPerSecond;       // first retry after this, doubling each time
  Micros retry_cap = 300 * kMicrosPerSecond;  // longest wait between two attempts (normal, bulk)
  Micros priority_retry_cap = 25 * kMicrosPerSecond;  // the same for the priority lane
  std::string email_domain = "notifications.localhost";
  // Where bounces go ("bounces@example.ca"): each email's envelope sender becomes its VERP form,
  // "bounces+<notification id>@example.ca". Empty: the envelope sender is the From address.
  std::string bounce_address = "";
  std::string default_sms_sender = "MISSIVE";  // when the service has no SMS sender
  // Where this server is reached from outside (https://notify.example.ca): emails link to the
  // signature images it serves at <public_url>/assets/.
  std::string public_url = "http://127.0.0.1:6011";
  Micros give_up_after = 259'200 * kMicrosPerSecond;  // GC Notify's 3 days, then timed out
  Micros sweep_interval = 60 * kMicrosPerSecond;      // how often the sweeper looks
};

using SenderFactory = std::function<std::unique_ptr<EmailSender>()>;
// May hand every thread the same provider when that provider is thread-safe.
using SmsProviderFactory = std::function<std::shared_ptr<SmsProvider>()>;

// The wait before attempt number `attempts + 1` of a notification in `lane`: it doubles from
// retry_base up to the lane's cap (GC Notify waits 25 s between priority attempts, 300 s
// between the others).
Micros RetryDelay(int attempts, ProcessType lane, const WorkerOptions& options);

class DeliveryWorkers {
 public:
  DeliveryWorkers(Store& store, const Clock& clock, SenderFactory make_sender,
                  SmsProviderFactory make_sms, WorkerOptions options);
  ~DeliveryWorkers();

  void Start();
  // Lets each thread finish the message in hand, then joins them. Claimed but unsent messages
  // keep their lease and are taken again after it expires.
  void Stop();
  void Wake();

 private:
  void Run(EmailSender& sender, SmsProvider& sms);
  void WaitForWork();
  void Sweep();
  void DeliverClaimed(EmailSender& sender, SmsProvider& sms,
                      const std::vector<Notification>& claimed, Micros claimed_at);
  bool LeaseLeft(Micros claimed_at) const;
  void HandBack(const Notification& n);
  // Records the outcome of anything but a live email; returns a live email, rendered.
  std::optional<OutgoingEmail> Settle(SmsProvider& sms, const Notification& n);
  void Record(const DeliveryUpdate& update);
  OutgoingEmail ComposeEmail(const Notification& n, const Service& service, const Template& t);
  SendResult SendSms(SmsProvider& sms, const Notification& n, const Service& service,
                     const Template& t);
  DeliveryUpdate Outcome(const Notification& notification, const SendResult& result);

  Store& store_;
  const Clock& clock_;
  LookupCache lookups_;  // services and template versions, read at most once a second
  SenderFactory make_sender_;
  SmsProviderFactory make_sms_;
  WorkerOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace missive
