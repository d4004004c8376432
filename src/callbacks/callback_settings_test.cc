#include "callbacks/callback_settings.h"

#include <gtest/gtest.h>

namespace missive {
namespace {

TEST(CheckCallbackUrl, HttpsUrlsAreAccepted) {
  EXPECT_TRUE(CheckCallbackUrl("https://example.gc.ca/notify/status").ok());
  EXPECT_TRUE(CheckCallbackUrl("https://example.gc.ca:8443/cb?service=1").ok());
  EXPECT_TRUE(CheckCallbackUrl("HTTPS://EXAMPLE.GC.CA/").ok());
}

TEST(CheckCallbackUrl, HttpIsAcceptedOnlyForLoopbackHosts) {
  EXPECT_TRUE(CheckCallbackUrl("http://127.0.0.1:8080/cb").ok());
  EXPECT_TRUE(CheckCallbackUrl("http://localhost/cb").ok());
  EXPECT_TRUE(CheckCallbackUrl("http://LocalHost:9000/cb").ok());
  EXPECT_TRUE(CheckCallbackUrl("http://[::1]:9000/cb").ok());

  Status remote = CheckCallbackUrl("http://example.gc.ca/cb");
  ASSERT_FALSE(remote.ok());
  EXPECT_EQ(remote.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(remote.error().message,
            "http://example.gc.ca/cb is not a valid https url (http is accepted only for "
            "localhost, 127.0.0.1 and [::1])");
  EXPECT_FALSE(CheckCallbackUrl("http://127.0.0.2/cb").ok());
  EXPECT_FALSE(CheckCallbackUrl("http://localhost.example.com/cb").ok());
}

TEST(CheckCallbackUrl, OtherSchemesAndMalformedUrlsAreRefused) {
  EXPECT_FALSE(CheckCallbackUrl("ftp://example.gc.ca/cb").ok());
  EXPECT_FALSE(CheckCallbackUrl("example.gc.ca/cb").ok());
  EXPECT_FALSE(CheckCallbackUrl("https://").ok());
  EXPECT_FALSE(CheckCallbackUrl("https://exa mple.gc.ca/").ok());
  EXPECT_FALSE(CheckCallbackUrl("").ok());
}

TEST(CheckBearerToken, NeedsTenCharacters) {
  EXPECT_TRUE(CheckBearerToken("0123456789").ok());
  Status short_token = CheckBearerToken("012345678");
  ASSERT_FALSE(short_token.ok());
  EXPECT_EQ(short_token.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(short_token.error().message, "a bearer token must be at least 10 characters long");
}

TEST(CheckBearerToken, RefusesSpacesControlCharactersAndNonAscii) {
  EXPECT_FALSE(CheckBearerToken("0123456789 abc").ok());
  EXPECT_FALSE(CheckBearerToken("0123456789\r\nX-Injected: 1").ok());
  EXPECT_FALSE(CheckBearerToken("jeton-secret-\xC3\xA9t\xC3\xA9").ok());
  EXPECT_TRUE(CheckBearerToken("abc.DEF-123_~+/=").ok());
}

}  // namespace
}  // namespace missive
