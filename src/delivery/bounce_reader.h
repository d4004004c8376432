#pragma once
// BounceReader: a thread that reads the bounce mailbox, the Maildir into which the mail server
// delivers mail for the bounce address (the VERP envelope sender of every email). Each message in
// new/ is read as a delivery status notification or an abuse complaint (delivery/bounce_report.h)
// and applied to the notification it names:
//   - a bounce becomes a receipt through RecordReceipt (permanent-failure for a hard bounce,
//     temporary-failure for a soft one or a delay, delivered for a success report), which queues
//     the delivery-status callback, and is kept with its classification and the remote reply;
//   - a complaint is kept, queues the service's complaint callback, and leaves the notification
//     delivered (or makes it so, unless it is permanent-failure).
// The message is then filed in cur/ with the Seen flag (":2,S"). One that cannot be used (not a
// report, no notification named, an unknown notification, no usable action) is moved to failed/
// with a warning; one that met a storage error stays in new/ and is tried again at the next poll.
// Nothing is deleted or overwritten: a message whose name cur/ or failed/ already holds is filed
// as NAME.1 (NAME.2, ...), and a message read twice is applied once. Known gaps: filing needs a
// file system with hard links (as Maildir delivery does), and since a report is known by its file
// name, a different report arriving later under a name already used is taken as read already.
// Start and Stop may be called from any thread; PollOnce from one thread at a time.
//
//   BounceReader reader(store, clock, {.maildir = "/var/mail/bounces",
//                                      .bounce_address = "bounces@example.ca"});
//   Status started = reader.Start();  // polls every options.poll_interval until Stop()

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.h"
#include "store/store.h"

namespace missive {

struct BounceReport;

struct BounceReaderOptions {
  std::string maildir;         // holds new/; cur/ and failed/ are made when missing
  std::string bounce_address;  // "bounces@example.ca", as given to the workers
  Micros poll_interval = 5 * kMicrosPerSecond;
  size_t max_message_bytes = 64u << 20;  // a larger message goes to failed/ unread
};

class BounceReader {
 public:
  BounceReader(Store& store, const Clock& clock, BounceReaderOptions options);
  ~BounceReader();

  // Makes the Maildir's new/, cur/, tmp/ and failed/ folders where missing (a mail server makes
  // them on its first delivery otherwise), then starts the thread. kUnavailable, and no thread,
  // when a folder cannot be made.
  Status Start();
  void Stop();  // finishes the message in hand, then joins the thread; Start may not follow

  // What one pass over new/ did.
  struct Counts {
    int applied = 0;   // filed in cur/
    int failed = 0;    // moved to failed/
    int deferred = 0;  // left in new/ after a storage error (or a file that could not be moved)
  };
  // Reads every message now in new/, oldest name first (stopping early once Stop was called).
  // kUnavailable when new/ cannot be listed.
  Result<Counts> PollOnce();

 private:
  enum class Filing { kApplied, kFailed, kDeferred };
  struct Outcome {
    Filing filing;
    std::string reason;  // for the log
  };

  void Run();
  bool Stopping();
  Filing Process(const std::string& name);
  Outcome Apply(const std::string& message, const std::string& report_key);
  Outcome ApplyBounce(const BounceReport& report, const Notification& n,
                      const std::string& report_key);
  Outcome ApplyComplaint(const BounceReport& report, const Notification& n,
                         const std::string& report_key);
  bool File(const std::string& name, Filing filing);

  Store& store_;
  const Clock& clock_;
  BounceReaderOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace missive
