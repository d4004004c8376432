#pragma once
// Receipts: a provider's later report on a notification it was handed (a Kannel or Twilio
// delivery report, an email bounce), recorded by GC Notify's rules (see Store::ApplyReceipt).
// A final status queues the service's delivery-status callback in the same transaction.
// Thread-safe when the store is.
//
//   auto applied = RecordReceipt(store, clock, id, NotificationStatus::kDelivered, "DELIVRD");
//   if (!applied) Log(applied.error());            // kNotFound: no such notification
//   else if (!*applied) LogDuplicate();            // a late or duplicate report: nothing changed

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "store/store.h"

namespace missive {

// Records `status` for the notification. Returns whether it changed the notification; kNotFound
// for an unknown id; the store's error otherwise.
Result<bool> RecordReceipt(Store& store, const Clock& clock, std::string_view notification_id,
                           NotificationStatus status, std::optional<std::string> response);

// True for statuses that end a notification's journey and are reported to the service.
bool IsFinalStatus(NotificationStatus status);

}  // namespace missive
