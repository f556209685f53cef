import { test } from "node:test";
import assert from "node:assert/strict";

import { inAppBrowser } from "../../static/js/video/inapp.js";

const ANDROID = "Mozilla/5.0 (Linux; Android 12; V2118A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/101.0.4951.74 Mobile Safari/537.36";
const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";

test("each app's built-in browser is recognised", () => {
  const cases = {
    wechat: [
      IPHONE + " MicroMessenger/8.0.40(0x1800282a) NetType/WIFI Language/zh_CN",
      ANDROID + " XWEB/5197 MMWEBSDK/20230504 MMWEBID/1234 MicroMessenger/8.0.37.2380(0x2800255B) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64",
      // WeChat's older engine names MQQBrowser too: it is still WeChat.
      ANDROID.replace("Chrome/101.0.4951.74", "Chrome/57.0.2987.132 MQQBrowser/6.2 TBS/045130") + " MicroMessenger/7.0.20.1781(0x27001439)",
    ],
    qq: [
      IPHONE + " QQ/8.9.68.635 V1_IPH_SQ_8.9.68_1_APP_A Pixel/1170 MiniAppEnable SimpleUISwitch/0",
      ANDROID.replace("Chrome/101.0.4951.74", "Chrome/89.0.4389.72 MQQBrowser/6.2 TBS/046237") + " V1_AND_SQ_8.9.58_4108_YYB_D",
    ],
    alipay: [ANDROID + " NebulaSDK/1.8.100112 Nebula AlipayDefined(nt:4G,ws:360|0|3.0) AliApp(AP/10.3.80.9100) AlipayClient/10.3.80.9100 Language/zh-Hans"],
    dingtalk: [IPHONE + " AliApp(DingTalk/7.0.20) com.laiwang.DingTalk/30281698 Channel/201200 language/zh-Hans-CN"],
    weibo: [ANDROID + " Weibo (HUAWEI-ELS-AN00__weibo__13.6.1__android__android10)"],
    bytedance: [
      ANDROID + " aweme_260200 JsSdk/1.0 NetType/4G Channel/huawei_1128_64 AppName/aweme app_version/26.2.0 ByteLocale/zh-CN Region/CN",
      IPHONE + " NewsArticle/9.3.0.23 JsSdk/2.0 NetType/WIFI (News 9.3.0 16.500000) Bytedance",
    ],
  };
  for (const [app, agents] of Object.entries(cases)) {
    for (const ua of agents) assert.equal(inAppBrowser(ua), app, ua);
  }
});

test("ordinary browsers are not in-app browsers", () => {
  assert.equal(inAppBrowser(ANDROID.replace("; wv", "")), null);
  assert.equal(inAppBrowser(IPHONE + " Version/16.5 Safari/604.1"), null);
  assert.equal(inAppBrowser("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0"), null);
  assert.equal(inAppBrowser(""), null);
  assert.equal(inAppBrowser(undefined), null);
});
