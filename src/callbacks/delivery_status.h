#pragma once
// The delivery-status callback body GC Notify POSTs to a service when one of its notifications
// reaches a final status (delivered, technical-, temporary- or permanent-failure):
// {"id", "reference", "to", "status", "status_description", "provider_response", "created_at",
// "completed_at", "sent_at", "notification_type"}, each a string or null, times written by
// FormatTimestamp. A pure function; thread-safe.
//
//   DeliveryUpdate update = ...;                                // the final status of `n`
//   update.callback_payload = DeliveryStatusPayload(n, update);
//   Status saved = store.UpdateDelivery(update);                // queues it with the status

#include <string>

#include "model/notification.h"
#include "store/store.h"

namespace missive {

// The body reporting `update` for `n`, the notification as it was claimed. Status and
// provider_response come from the update, completed_at is the update's updated_at (as GC Notify
// reports the notification's updated_at), and sent_at is the update's, else the notification's.
std::string DeliveryStatusPayload(const Notification& n, const DeliveryUpdate& update);

}  // namespace missive
