#include "delivery/inbound_sms.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/uuid.h"
#include "recipients/phone_number.h"

namespace missive {
namespace {

// Digits only, with North America's country code added to a 10-digit number; nullopt when the
// text holds anything other than digits and the usual separators.
std::optional<std::string> NumberDigits(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (std::string_view("+-(). ").find(c) == std::string_view::npos) {
      return std::nullopt;
    }
  }
  if (digits.empty()) return std::nullopt;
  if (digits.size() == 10) digits.insert(0, "1");
  return digits;
}

std::string Normalised(std::string_view number) {
  auto phone = ValidatePhoneNumber(number);
  if (phone && NumberDigits(number)) return phone->e164;
  return std::string(number);
}

// The id of the first service with an SMS sender that is `number`; kNotFound when none has.
Result<std::string> ServiceOwning(Store& store, std::string_view number) {
  auto services = store.ListServices();
  if (!services) return services.error();
  for (const auto& service : *services) {
    auto senders = store.ListSmsSenders(service.id);
    if (!senders) return senders.error();
    for (const auto& sender : *senders) {
      if (SameNumber(sender.sms_sender, number)) return service.id;
    }
  }
  return MakeError(ErrorCode::kNotFound, "no service has the number " + std::string(number));
}

}  // namespace

std::optional<std::string> InboundNumber(std::string_view text) {
  std::string number;
  for (char c : text) {
    if (c != ' ') number.push_back(c);
  }
  size_t start = number.starts_with('+') ? 1 : 0;
  if (number.size() == start || number.size() > 20 ||
      number.find_first_not_of("0123456789", start) != std::string::npos) {
    return std::nullopt;
  }
  return number;
}

bool SameNumber(std::string_view a, std::string_view b) {
  auto digits_a = NumberDigits(a);
  auto digits_b = NumberDigits(b);
  if (digits_a || digits_b) return digits_a == digits_b;
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string InboundSmsPayload(const ReceivedText& text) {
  return nlohmann::ordered_json{{"id", text.id},
                                {"source_number", text.user_number},
                                {"destination_number", text.notify_number},
                                {"message", text.content},
                                {"date_received", FormatTimestamp(text.created_at)}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<ReceivedText> RecordInboundSms(Store& store, const Clock& clock, const InboundSms& sms) {
  auto service_id = ServiceOwning(store, sms.to);
  if (!service_id) return service_id.error();
  Micros now = clock.NowMicros();
  ReceivedText text{NewUuid(), *service_id, Normalised(sms.to), Normalised(sms.from),
                    sms.text,  now};
  if (Status stored = store.InsertReceivedText(text); !stored) return stored.error();

  PendingCallback callback;
  callback.id = NewUuid();
  callback.notification_id = text.id;
  callback.service_id = text.service_id;
  callback.payload_json = InboundSmsPayload(text);
  callback.next_attempt_at = now;
  callback.created_at = now;
  callback.kind = CallbackKind::kInboundSms;
  auto queued = store.EnqueueCallback(callback);
  if (!queued) {
    // The message is kept; only its callback is lost.
    spdlog::error("received_text={} service={} event=inbound-callback-not-queued error=\"{}\"",
                  text.id, text.service_id, queued.error().message);
  }
  return text;
}

}  // namespace missive
