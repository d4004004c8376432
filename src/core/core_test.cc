#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/encoding.h"
#include "core/secret_box.h"
#include "core/uuid.h"

namespace missive {
namespace {

TEST(Uuid, NewIsCanonicalVersionFour) {
  std::string id = NewUuid();
  EXPECT_TRUE(IsCanonicalUuid(id));
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(NewUuid(), id);
}

TEST(Uuid, ParseAcceptsPythonForms) {
  const std::string canonical = "26785a09-ab16-4eb0-8407-a37497a57506";
  EXPECT_EQ(ParseUuid("26785A09-AB16-4EB0-8407-A37497A57506"), canonical);
  EXPECT_EQ(ParseUuid("26785a09ab164eb08407a37497a57506"), canonical);
  EXPECT_EQ(ParseUuid("{26785a09-ab16-4eb0-8407-a37497a57506}"), canonical);
  EXPECT_EQ(ParseUuid("urn:uuid:26785a09-ab16-4eb0-8407-a37497a57506"), canonical);
}

TEST(Uuid, ParseRejectsWhitespaceAndWrongLength) {
  EXPECT_EQ(ParseUuid(" 26785a09-ab16-4eb0-8407-a37497a57506"), std::nullopt);
  EXPECT_EQ(ParseUuid("26785a09-ab16-4eb0-8407-a37497a5750"), std::nullopt);
  EXPECT_EQ(ParseUuid("not-a-uuid"), std::nullopt);
  EXPECT_EQ(ParseUuid(""), std::nullopt);
}

TEST(Timestamp, FormatsWithMicrosecondsAndZ) {
  EXPECT_EQ(FormatTimestamp(1494764130000000), "2017-05-14T12:15:30.000000Z");
  EXPECT_EQ(FormatTimestamp(1494764130000042), "2017-05-14T12:15:30.000042Z");
}

TEST(Timestamp, ParseRoundTrips) {
  EXPECT_EQ(ParseTimestamp("2017-05-14T12:15:30.000042Z"), 1494764130000042);
  EXPECT_EQ(ParseTimestamp("2017-05-14 12:15:30"), std::nullopt);
}

TEST(IsoDateTime, AcceptsTheFormsPeopleSend) {
  constexpr Micros kNoon = 1764849600LL * kMicrosPerSecond;  // 2025-12-04T12:00:00Z
  EXPECT_EQ(ParseIsoDateTime("2025-12-04T12:00:00Z"), kNoon);
  EXPECT_EQ(ParseIsoDateTime("2025-12-04 12:00"), kNoon);
  EXPECT_EQ(ParseIsoDateTime("2025-12-04T12:00:00"), kNoon);
  EXPECT_EQ(ParseIsoDateTime("2025-12-04T07:00:00-05:00"), kNoon);
  EXPECT_EQ(ParseIsoDateTime("2025-12-04T13:00:00+0100"), kNoon);
  EXPECT_EQ(ParseIsoDateTime("2025-12-04T12:00:00.25Z"), kNoon + 250000);
  EXPECT_EQ(ParseIsoDateTime("2025-12-04"), kNoon - 12 * 3600 * kMicrosPerSecond);
}

TEST(IsoDateTime, RefusesWhatIsNotADate) {
  EXPECT_EQ(ParseIsoDateTime("tomorrow"), std::nullopt);
  EXPECT_EQ(ParseIsoDateTime("2025-02-31T12:00:00"), std::nullopt);
  EXPECT_EQ(ParseIsoDateTime("2025-12-04T25:00:00"), std::nullopt);
  EXPECT_EQ(ParseIsoDateTime("2025-12-04T12:00:00 extra"), std::nullopt);
  EXPECT_EQ(ParseIsoDateTime(""), std::nullopt);
}

TEST(Base64, RoundTripsAndRejectsGarbage) {
  EXPECT_EQ(Base64Encode("a,b"), "YSxi");
  EXPECT_EQ(Base64Decode("YSxi"), "a,b");
  EXPECT_EQ(Base64Decode("YSx"), std::nullopt);
  EXPECT_EQ(Base64Decode("Y$xi"), std::nullopt);
}

TEST(SecretBox, SealsAndOpens) {
  SecretBox box(std::string(SecretBox::kKeyBytes, 'k'));
  std::string sealed = box.Seal("3d844edf-8d35-48ac-975b-e847b4f122b0");
  EXPECT_EQ(sealed.find("3d844edf"), std::string::npos);
  auto plain = box.Open(sealed);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain.value(), "3d844edf-8d35-48ac-975b-e847b4f122b0");
}

TEST(SecretBox, RefusesAnotherKeyAndTampering) {
  SecretBox box(std::string(SecretBox::kKeyBytes, 'k'));
  SecretBox other(std::string(SecretBox::kKeyBytes, 'o'));
  std::string sealed = box.Seal("secret");
  EXPECT_FALSE(other.Open(sealed).ok());
  sealed[10] = sealed[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box.Open(sealed).ok());
  EXPECT_FALSE(box.Open("plain text").ok());
}

TEST(SecretBox, DigestIsKeyedAndStable) {
  SecretBox box(std::string(SecretBox::kKeyBytes, 'k'));
  SecretBox other(std::string(SecretBox::kKeyBytes, 'o'));
  EXPECT_EQ(box.Digest("x"), box.Digest("x"));
  EXPECT_NE(box.Digest("x"), other.Digest("x"));
  EXPECT_EQ(box.Digest("x").size(), 64u);
}

}  // namespace
}  // namespace missive
