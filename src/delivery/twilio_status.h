#pragma once
// Twilio's status callbacks: Twilio posts a message's progress (form fields MessageSid,
// MessageStatus, ErrorCode, AccountSid, ...) to the StatusCallback URL the Twilio provider gave it,
// <public_url>/providers/twilio/status?id=<notification id>, signed with X-Twilio-Signature. The
// receiver checks the signature with the auth token of the account named in the post, maps the
// status (see MapTwilioStatus) and records a final one through RecordReceipt; the notification id
// comes from the signed URL, so no lookup by Twilio's message SID is needed. A report that arrives
// before the worker has recorded the message as `sent` waits for that, up to two seconds, on the
// calling thread. Thread-safe.
//
//   TwilioStatusReceiver receiver(store, clock, {{"ACxxxx", "authtoken"}});
//   Result<bool> changed = receiver.Receive(full_url, request.body, signature_header);
//   // kRejected: answer 403; kInvalid: 400; kNotFound: 404

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "model/notification.h"
#include "store/store.h"

namespace missive {

struct TwilioAccount {
  std::string account_sid;
  std::string auth_token;
};

// Twilio's request signature: base64 of the HMAC-SHA1, keyed by the auth token, of the full URL
// followed by each POST parameter's name and value, sorted by name.
std::string TwilioSignature(std::string_view auth_token, std::string_view url,
                            std::vector<std::pair<std::string, std::string>> params);

struct TwilioReport {
  NotificationStatus status;
  std::string provider_response;  // in GC Notify's words, as its SMS receipts give them
};

// The final status a MessageStatus (with its ErrorCode) stands for; nullopt for one that is not
// final (queued, accepted, scheduled, sending, sent, ...), which leaves the notification `sent`.
std::optional<TwilioReport> MapTwilioStatus(std::string_view message_status,
                                            std::string_view error_code);

class TwilioStatusReceiver {
 public:
  TwilioStatusReceiver(Store& store, const Clock& clock, std::vector<TwilioAccount> accounts);

  // `url` is the whole URL Twilio posted to (scheme, host, path and query), `body` the form body,
  // `signature` the X-Twilio-Signature header. Returns whether the notification changed (false for
  // a status that is not final, or one that came too late). kRejected when the account is not one
  // of ours or the signature does not match; kInvalid when the URL has no id or the body no
  // MessageStatus; kNotFound for an unknown notification; other errors from the store.
  Result<bool> Receive(std::string_view url, std::string_view body, std::string_view signature);

 private:
  bool SignatureMatches(const TwilioAccount& account, std::string_view url,
                        const std::vector<std::pair<std::string, std::string>>& params,
                        std::string_view signature) const;
  void WaitUntilRecordedAsSent(const std::string& id) const;

  Store& store_;
  const Clock& clock_;
  std::vector<TwilioAccount> accounts_;
};

}  // namespace missive
