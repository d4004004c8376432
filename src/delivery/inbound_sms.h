#pragma once
// Inbound SMS: a text message a member of the public sent to one of the services' numbers, as a
// gateway hands it over. RecordInboundSms finds the service whose SMS sender is the number it was
// sent to, stores the message (so it shows in GET /v2/received-text-messages) and queues the
// service's inbound-SMS callback when it has one. Thread-safe when the store is.
//
//   auto text = RecordInboundSms(store, clock, {.from = "16135550142", .to = "12345",
//                                               .text = "Oui"});
//   if (!text && text.error().code == ErrorCode::kNotFound) LogUnknownNumber();

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace missive {

struct InboundSms {
  std::string from;  // the sender's number, as the gateway gives it
  std::string to;    // the service's number it was sent to
  std::string text;  // UTF-8
};

// The stored message. kNotFound when no service has `to` among its SMS senders; the store's error
// when reading or writing fails (nothing is stored then, or the message is stored without its
// callback, which is logged). A phone number is stored in E.164 form when it is a valid one, and
// as given otherwise (a short code).
Result<ReceivedText> RecordInboundSms(Store& store, const Clock& clock, const InboundSms& sms);

// `text` without its spaces when it is a phone number or short code (an optional leading "+", then
// digits only, 1 to 20 characters in all); nullopt otherwise. Gateways give the sender and the
// service's number this way; a "+" left unencoded in a query arrives as a space, hence the spaces.
std::optional<std::string> InboundNumber(std::string_view text);

// True when `a` and `b` are the same number written differently: "+1 613-555-0100",
// "16135550100" and "6135550100" are one number; names (alphanumeric senders) compare ignoring
// case.
bool SameNumber(std::string_view a, std::string_view b);

// The inbound-SMS callback body, GC Notify's: {"id","source_number","destination_number",
// "message","date_received"}.
std::string InboundSmsPayload(const ReceivedText& text);

}  // namespace missive
