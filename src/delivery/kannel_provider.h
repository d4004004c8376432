#pragma once
// KannelProvider: sends text messages through a Kannel gateway's sendsms HTTP interface (smsbox)
// with libcurl, asking Kannel for delivery reports, which come back to Missive's receipt URL
// (<public_url>/providers/kannel/receipt) with the notification id and a shared secret. A message
// Kannel takes is kAccepted with awaits_receipt set: its final status comes from the report.
// An instance is safe to share between threads: it keeps a few libcurl handles (and their open
// connections) and lends one to each Send.
//
//   auto config = ParseKannelSpec("kannel:http://127.0.0.1:13013/cgi-bin/sendsms?username=u&"
//                                 "password=p&from=12345&receipt_secret=s3cret");
//   config->public_url = "https://notify.example.ca";
//   std::unique_ptr<SmsProvider> kannel = MakeKannelProvider(*config);

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "delivery/sms_provider.h"

namespace missive {

struct KannelConfig {
  std::string sendsms_url{};  // http://host:port/cgi-bin/sendsms
  std::string username{};     // a sendsms-user of the smsbox
  std::string password{};
  // The number or name messages come from when the notification's sender is not a phone number
  // (an alphanumeric sender id). Empty: the sender as it is.
  std::string from{};
  // Put in the receipt URL given to Kannel and checked when the report comes back. Letters,
  // digits, '-', '_', '.' and '~' only, since Kannel reads '%' in that URL as its own escapes.
  std::string receipt_secret{};
  // Where Kannel reaches Missive's API listener, without a trailing slash.
  std::string public_url = "http://127.0.0.1:6011";
  long connect_timeout_ms = 5000;
  long total_timeout_ms = 15000;  // one whole sendsms request, connecting included
  // Query keys of the spec this parser does not use (priority, rate, burst, ...), in order, for
  // the layer that chooses between providers.
  std::vector<std::pair<std::string, std::string>> other_params{};
};

// Reads `kannel:http://HOST:PORT/PATH?username=U&password=P&from=F&receipt_secret=S[&...]`
// (values percent-encoded). kInvalid, with a message naming the problem, when the spec does not
// start with "kannel:http://" or "kannel:https://", when username, password or receipt_secret
// is missing, or when the secret has characters other than those allowed above. public_url is
// left at its default: the caller sets it.
Result<KannelConfig> ParseKannelSpec(std::string_view spec);

// The receipt URL Kannel calls for each report: <public_url>/providers/kannel/receipt?id=<id>&
// status=%d&answer=%A&secret=<secret>, with Kannel's %d (report type) and %A (SMSC's answer)
// left for Kannel to fill in.
std::string KannelReceiptUrl(const KannelConfig& config, std::string_view notification_id);

// The whole sendsms request URL for `sms`: credentials, from, to, text as UTF-8 (charset=UTF-8),
// coding=2 (UCS-2) when the text is Unicode and 0 (GSM) otherwise, dlr-mask=31 (every report
// type) and dlr-url=KannelReceiptUrl(...), every value percent-encoded.
std::string KannelSendUrl(const KannelConfig& config, const OutgoingSms& sms);

// What Kannel's answer to a sendsms request means. `http_status` 0 means no answer arrived
// (connection refused, timeout): kRetry. 2xx ("0: Accepted for delivery", "3: Queued for later
// delivery"): kAccepted, awaiting a receipt. 400 (the request itself is wrong, e.g. a missing
// receiver): kRejected. Anything else (401/403 authorisation, 404 wrong path, 5xx, 503): kRetry,
// since those are the gateway's or the configuration's problems rather than the message's.
// `detail` carries Kannel's answer text.
SendResult ClassifyKannelAnswer(long http_status, std::string_view body);

// A provider sending with `config`. A Send waits at most config.total_timeout_ms for Kannel; every
// outcome other than kAccepted is logged with the notification id.
std::unique_ptr<SmsProvider> MakeKannelProvider(KannelConfig config);

// Parses `spec` (see ParseKannelSpec), sets the public URL, and makes the provider. The error is
// ParseKannelSpec's.
Result<std::unique_ptr<SmsProvider>> MakeKannelProviderFromSpec(std::string_view spec,
                                                                std::string public_url);

}  // namespace missive
