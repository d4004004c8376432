#include "delivery/workers.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>

#include "callbacks/delivery_status.h"
#include "core/encoding.h"
#include "core/log.h"
#include "recipients/email_address.h"
#include "recipients/phone_number.h"
#include "render/email.h"
#include "render/sms.h"

namespace missive {
namespace {

DeliveryUpdate Final(const Notification& n, NotificationStatus status, Micros now,
                     std::optional<std::string> response) {
  DeliveryUpdate update{n.id, status, std::move(response), std::nullopt, now, now};
  if (status == NotificationStatus::kDelivered) update.sent_at = now;
  update.callback_payload = DeliveryStatusPayload(n, update);
  return update;
}

// Handed to a provider that reports later: `sent` (GC Notify's in-flight status for SMS), no
// longer claimed by workers, no callback until the receipt.
DeliveryUpdate AwaitingReceipt(const Notification& n, Micros now) {
  spdlog::debug("notification={} status=sent attempt={}", n.id, n.attempts);
  return DeliveryUpdate{n.id, NotificationStatus::kSent, std::nullopt, now, now, now};
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// GC Notify's simulated outcomes for test keys: some recipients fail, every other one is
// delivered, and no provider is involved.
DeliveryUpdate Simulated(const Notification& n, Micros now) {
  using S = NotificationStatus;
  if (n.type == TemplateType::kEmail) {
    std::string to = NormaliseEmailAddress(n.to);
    if (to == "temp-fail@simulator.notify")
      return Final(n, S::kTemporaryFailure, now, std::nullopt);
    if (to == "perm-fail@simulator.notify")
      return Final(n, S::kPermanentFailure, now, std::nullopt);
    return Final(n, S::kDelivered, now, std::nullopt);
  }
  auto phone = ValidatePhoneNumber(n.to);
  std::string number = phone ? phone->e164 : n.to;
  if (EndsWith(number, "5149301633")) {
    return Final(n, S::kTemporaryFailure, now,
                 "Phone carrier is currently unreachable/unavailable");
  }
  if (EndsWith(number, "5149301632")) {
    return Final(n, S::kPermanentFailure, now, "Phone is currently unreachable/unavailable");
  }
  return Final(n, S::kDelivered, now, "Message has been accepted by phone");
}

std::vector<Attachment> Attachments(const Notification& n) {
  std::vector<Attachment> files;
  if (!n.attachments_json) return files;
  auto list = nlohmann::json::parse(*n.attachments_json, nullptr, false);
  if (!list.is_array()) return files;
  for (const auto& file : list) {
    auto data = Base64Decode(file.value("data", ""));
    files.push_back({file.value("filename", "attachment"),
                     file.value("mime_type", "application/octet-stream"), data.value_or("")});
  }
  return files;
}

EmailBranding BrandingOf(const Service& service, const std::string& public_url) {
  EmailBranding branding{.public_base_url = public_url};
  if (service.branding == "gc-en") branding.kind = BrandingKind::kGovernmentOfCanadaEnglish;
  if (service.branding == "gc-fr") branding.kind = BrandingKind::kGovernmentOfCanadaFrench;
  if (service.branding == "custom" && service.logo_url) {
    branding.kind = BrandingKind::kCustomLogo;
    branding.logo_url = *service.logo_url;
    branding.logo_alt_text = service.logo_alt.value_or(service.name);
  }
  return branding;
}

// How much lower than the API's threads delivery threads run (see nice(2)).
constexpr int kWorkerNice = 5;

}  // namespace

Micros RetryDelay(int attempts, ProcessType lane, const WorkerOptions& options) {
  int doublings = std::clamp(attempts - 1, 0, 30);
  Micros delay = options.retry_base << doublings;
  Micros cap = lane == ProcessType::kPriority ? options.priority_retry_cap : options.retry_cap;
  return std::min(delay, cap);
}

DeliveryWorkers::DeliveryWorkers(Store& store, const Clock& clock, SenderFactory make_sender,
                                 SmsProviderFactory make_sms, WorkerOptions options)
    : store_(store),
      clock_(clock),
      lookups_(store, clock),
      make_sender_(std::move(make_sender)),
      make_sms_(std::move(make_sms)),
      options_(std::move(options)) {}

DeliveryWorkers::~DeliveryWorkers() { Stop(); }

void DeliveryWorkers::Start() {
  for (int i = 0; i < options_.threads; ++i) {
    std::shared_ptr<EmailSender> sender = make_sender_();
    std::shared_ptr<SmsProvider> sms = make_sms_();
    threads_.emplace_back([this, sender, sms] { Run(*sender, *sms); });
  }
  threads_.emplace_back([this] { Sweep(); });
}

void DeliveryWorkers::Sweep() {
  NameThisThread("sweeper");
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    Micros now = clock_.NowMicros();
    auto changed = store_.TimeOutStale(now - options_.give_up_after, now);
    if (!changed) {
      spdlog::error("delivery event=sweep-failed error=\"{}\"", changed.error().message);
    } else if (*changed > 0) {
      spdlog::warn("delivery event=timed-out count={} older_than_hours={}", *changed,
                   options_.give_up_after / (3600 * kMicrosPerSecond));
    }
    lock.lock();
    wake_.wait_for(lock, std::chrono::microseconds(options_.sweep_interval),
                   [this] { return stopping_; });
  }
}

void DeliveryWorkers::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

void DeliveryWorkers::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

void DeliveryWorkers::WaitForWork() {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, std::chrono::microseconds(options_.poll_interval),
                 [this] { return woken_ || stopping_; });
  woken_ = false;
}

void DeliveryWorkers::Run(EmailSender& sender, SmsProvider& sms) {
  NameThisThread("delivery");
  // Delivery is background work: under load the API's answers come first.
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kWorkerNice);
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    Micros claimed_at = clock_.NowMicros();
    auto claimed = store_.ClaimDue(claimed_at, options_.lease, options_.batch);
    if (!claimed) {
      spdlog::error("delivery event=claim-failed error=\"{}\"", claimed.error().message);
    }
    if (!claimed || claimed->empty()) {
      WaitForWork();
      continue;
    }
    if (claimed->size() == static_cast<size_t>(options_.batch)) Wake();  // more may be waiting
    DeliverClaimed(sender, sms, *claimed, claimed_at);
  }
}

// Every claimed notification but live emails is settled on its own; the live emails then go to
// the sender together, which may overlap one's SMTP preliminaries with the previous one's end.
// Each outcome is recorded before the next message can be delivered.
void DeliveryWorkers::DeliverClaimed(EmailSender& sender, SmsProvider& sms,
                                     const std::vector<Notification>& claimed, Micros claimed_at) {
  std::vector<const Notification*> sending;
  std::vector<OutgoingEmail> emails;
  for (const Notification& n : claimed) {
    if (&n != &claimed.front() && !LeaseLeft(claimed_at)) {  // the first always goes: progress
      HandBack(n);
      continue;
    }
    std::optional<OutgoingEmail> email = Settle(sms, n);
    if (!email) continue;
    sending.push_back(&n);
    emails.push_back(std::move(*email));
  }
  size_t reported = 0;
  sender.SendEach(emails, [&](size_t i, const SendResult& result) {
    Record(Outcome(*sending[i], result));
    reported = i + 1;
    return LeaseLeft(claimed_at);
  });
  for (size_t i = reported; i < sending.size(); ++i) HandBack(*sending[i]);
}

// A lease shorter than two sends (a test's, or a misconfiguration) still leaves room for half.
bool DeliveryWorkers::LeaseLeft(Micros claimed_at) const {
  Micros send = std::min(options_.longest_send, options_.lease / 2);
  return clock_.NowMicros() + send < claimed_at + options_.lease;
}

// Due again at once, for any thread to claim; the attempt counted by the claim stays counted.
void DeliveryWorkers::HandBack(const Notification& n) {
  Micros now = clock_.NowMicros();
  spdlog::info("notification={} event=handed-back reason=\"lease nearly over\"", n.id);
  Record(DeliveryUpdate{n.id, NotificationStatus::kSending, std::nullopt, std::nullopt, now, now});
}

std::optional<OutgoingEmail> DeliveryWorkers::Settle(SmsProvider& sms, const Notification& n) {
  Micros now = clock_.NowMicros();
  auto service = lookups_.GetService(n.service_id);
  auto tmpl = lookups_.TemplateVersion(n.service_id, n.template_id, n.template_version);
  if (!service || !tmpl) {
    spdlog::error("notification={} event=render-failed reason=missing-service-or-template", n.id);
    Record(Final(n, NotificationStatus::kTechnicalFailure, now, std::nullopt));
  } else if (n.key_type == KeyType::kTest) {
    Record(Simulated(n, now));
  } else if (n.type == TemplateType::kSms) {
    Record(Outcome(n, SendSms(sms, n, *service, *tmpl)));
  } else {
    return ComposeEmail(n, *service, *tmpl);
  }
  return std::nullopt;
}

void DeliveryWorkers::Record(const DeliveryUpdate& update) {
  if (Status saved = store_.UpdateDelivery(update); !saved) {
    // The lease runs out and another attempt follows; the Message-ID lets a duplicate be spotted.
    spdlog::error("notification={} event=update-failed error=\"{}\"", update.id,
                  saved.error().message);
  }
}

OutgoingEmail DeliveryWorkers::ComposeEmail(const Notification& n, const Service& service,
                                            const Template& t) {
  auto values = nlohmann::json::parse(n.personalisation_json, nullptr, false);
  EmailBranding branding = BrandingOf(service, options_.public_url);
  std::string lang = branding.kind == BrandingKind::kGovernmentOfCanadaFrench ? "fr" : "en";
  RenderedEmail rendered = RenderEmail({t.subject.value_or(""), t.body}, values, lang, branding);
  return OutgoingEmail{.notification_id = n.id,
                       .from_name = service.name,
                       .from_address = service.email_from + "@" + options_.email_domain,
                       .envelope_from = options_.bounce_address.empty()
                                            ? ""
                                            : VerpAddress(options_.bounce_address, n.id),
                       .to = AsciiDomainAddress(CleanEmailAddress(n.to)),
                       .reply_to = n.sender,
                       .subject = rendered.subject,
                       .text_body = rendered.text,
                       .html_body = rendered.html,
                       .date = clock_.NowMicros(),
                       .unsubscribe_url = n.unsubscribe_url,
                       .attachments = Attachments(n)};
}

SendResult DeliveryWorkers::SendSms(SmsProvider& sms, const Notification& n, const Service& service,
                                    const Template& t) {
  auto phone = ValidatePhoneNumber(n.to);
  if (!phone) return {SendOutcome::kRejected, phone.error().message};
  auto values = nlohmann::json::parse(n.personalisation_json, nullptr, false);
  RenderedSms rendered = RenderSms({t.body, service.name, service.prefix_sms}, values);
  OutgoingSms message{.notification_id = n.id,
                      .to = phone->e164,
                      .sender = n.sender.value_or(options_.default_sms_sender),
                      .text = rendered.text,
                      .unicode = rendered.unicode,
                      .fragments = rendered.fragments,
                      .date = clock_.NowMicros()};
  return sms.Send(message);
}

DeliveryUpdate DeliveryWorkers::Outcome(const Notification& n, const SendResult& result) {
  Micros now = clock_.NowMicros();
  switch (result.outcome) {
    case SendOutcome::kAccepted:
      if (result.awaits_receipt && n.type == TemplateType::kSms) return AwaitingReceipt(n, now);
      spdlog::debug("notification={} status=delivered attempt={}", n.id, n.attempts);
      return Final(n, NotificationStatus::kDelivered, now, std::nullopt);
    case SendOutcome::kRejected:
      spdlog::warn("notification={} status=technical-failure reply=\"{}\"", n.id, result.detail);
      return Final(n, NotificationStatus::kTechnicalFailure, now, result.detail);
    case SendOutcome::kRetry:
      break;
  }
  if (n.attempts >= options_.max_attempts) {
    spdlog::warn("notification={} status=technical-failure attempts={} last=\"{}\"", n.id,
                 n.attempts, result.detail);
    return Final(n, NotificationStatus::kTechnicalFailure, now, result.detail);
  }
  Micros due = now + RetryDelay(n.attempts, n.lane, options_);
  static LogThrottle retry_log;
  if (retry_log.Allow()) {
    spdlog::warn(
        "notification={} event=retry attempt={} in_ms={} reason=\"{}\" (one line a second)", n.id,
        n.attempts, (due - now) / 1000, result.detail);
  }
  return DeliveryUpdate{n.id, NotificationStatus::kSending, std::nullopt, std::nullopt, now, due};
}

}  // namespace missive
