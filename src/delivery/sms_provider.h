#pragma once
// SmsProvider: hands one text message to an SMS provider and says whether it was taken, refused
// for good, or should be tried again. The only provider today is the SMS outbox, which appends
// each message as one JSON line to a file, so a node with no gateway shows what would be sent.
// The outbox instance is safe to share between threads.
//
//   std::unique_ptr<SmsProvider> outbox = MakeSmsOutbox("missive-data/outbox/sms.jsonl");
//   SendResult result = outbox->Send({.notification_id = id, .to = "+16135550142", ...});

#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "delivery/email_sender.h"

namespace missive {

struct OutgoingSms {
  std::string notification_id;  // the provider reference
  std::string to;               // E.164
  std::string sender;           // name or number it comes from
  std::string text;             // as the phone shows it, prefix included
  bool unicode = false;         // UCS-2 rather than GSM-7
  int fragments = 1;
  Micros date = 0;
};

class SmsProvider {
 public:
  virtual ~SmsProvider() = default;
  virtual std::string_view Name() const = 0;
  virtual SendResult Send(const OutgoingSms& sms) = 0;
};

// Appends {"id","to","from","text","unicode","fragments","date"} lines to `path` (creating its
// directory), each written whole and flushed to disk before returning kAccepted; kRetry when the
// write fails.
std::unique_ptr<SmsProvider> MakeSmsOutbox(std::string path);

}  // namespace missive
