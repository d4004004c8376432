#pragma once
// The Twilio SMS provider: sends each message through Twilio's Programmable Messaging REST API
// (POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, HTTP basic auth with
// the account SID and auth token) and asks Twilio to report the outcome to
// <public_url>/providers/twilio/status?id=<notification id> (see twilio_status.h). A message Twilio
// queued is kAccepted with awaits_receipt set and Twilio's message SID as the detail. Twilio's
// refusals of the message (invalid number 21211, opted out 21610, ...) are kRejected; an
// authentication failure (401, 403: a configuration problem), 404, 429, 5xx, a timeout or a
// connection failure is kRetry. Thread-safe: one instance serves every worker thread, keeping a
// few connections open between sends.
//
//   auto spec = ParseSmsProviderSpec("twilio:https://ACxx:token@api.twilio.com?from=%2B1613...");
//   auto twilio = MakeTwilioProvider(*spec, {.public_url = "https://notify.example.ca"});
//   SendResult result = (*twilio)->Send(sms);

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "delivery/sms_provider.h"
#include "delivery/sms_provider_spec.h"

namespace missive {

struct TwilioConfig {
  std::string base_url = "https://api.twilio.com";
  std::string account_sid;  // AC...
  std::string auth_token;
  // The number (or alphanumeric sender ID) messages come from, unless the message's own sender is
  // a number ("+" then digits), which is then used.
  std::string from;
  // MG...: when set, Twilio picks the number from this messaging service and From is not sent.
  std::string messaging_service_sid;
  // Where Twilio posts status callbacks; "?id=<notification id>" is added. Empty: none asked for.
  std::string status_callback;
  long connect_timeout_ms = 5000;
  long total_timeout_ms = 15000;
};

std::unique_ptr<SmsProvider> MakeTwilioProvider(TwilioConfig config);

// The configuration in a spec of kind "twilio": https://ACCOUNT_SID:AUTH_TOKEN@host[:port][/path]
// (http:// only to 127.0.0.1, localhost or [::1]) with query keys from (a number in E.164 form or
// a sender ID of 1 to 11 letters or digits) or messaging_service (MG...), exactly one of them, and
// timeout (seconds for one request). kInvalid when the account SID or token is missing, http://
// goes elsewhere, a key is unknown or repeated, or from, messaging_service or timeout is wrong.
Result<TwilioConfig> ParseTwilioSpec(const SmsProviderSpec& spec,
                                     const SmsProviderContext& context);

// MakeTwilioProvider(ParseTwilioSpec(spec, context)); the registry's entry for "twilio".
Result<std::shared_ptr<SmsProvider>> MakeTwilioProvider(const SmsProviderSpec& spec,
                                                        const SmsProviderContext& context);

// How Twilio's answer to one Messages request is taken: `http_status` and `body` as received.
// Exposed for tests.
SendResult ClassifyTwilioAnswer(long http_status, std::string_view body);

}  // namespace missive
