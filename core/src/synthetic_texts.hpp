// The synthetic data's text templates (English and Persian) and the intents they express; only
// core/src/synthetic.cpp includes this. Kept apart so the generator itself stays short.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace sada::synthetic_texts {

// ---------------------------------------------------------------- text templates
// Slots: {p} product, {c} courier, {o} order number, {d} a number of days (or times).
// No template or slot holds a character JSON must escape (the tests parse every line).

inline constexpr std::string_view kProducts[2][12] = {
    {"blue tea cup", "ceramic teapot", "linen tablecloth", "coffee grinder", "glass jar set", "wool blanket",
     "bamboo cutting board", "copper kettle", "saffron tin", "enamel plate", "pistachio gift box", "silk scarf"},
    {"فنجان آبی", "قوری سرامیکی", "رومیزی کتان", "آسیاب قهوه", "ست بانکه شیشه\u200cای", "پتوی پشمی",
     "تخته گوشت بامبو", "کتری مسی", "قوطی زعفران", "بشقاب میناکاری", "جعبه هدیه پسته", "روسری ابریشمی"}};
inline constexpr std::string_view kCouriers[2][5] = {{"DHL", "Tipax", "Chapar", "Alopeyk", "Iran Post"},
                                              {"پست", "تیپاکس", "چاپار", "الوپیک", "پیک"}};

enum Intent { praise, complaint, technical, question, request, cart_price, cart_shipping, cart_browsing, kIntents };

// Complaints: the first kSupportComplaints are about delivery, orders and support.
inline constexpr std::size_t kSupportComplaints = 14;

inline constexpr std::string_view kPraiseEn[] = {
    "Fast delivery: the {p} arrived in {d} days and was well packed.", "Love the {p}! Exactly like the photos.",
    "Support sorted out order {o} in minutes. Thank you!", "Great quality for the price.",
    "Checkout was quick and easy.", "{c} delivered earlier than expected, very happy.",
    "The {p} is beautiful, I already ordered a second one as a gift.",
    "Easy to find what I needed, and the product pages are clear.",
    "Friendly support and a quick refund. I'll shop here again.", "Everything arrived intact and nicely wrapped.",
    "Best online shop I've used this year.", "Really nice that the site is in Persian too.",
    "The size guide was spot on, everything was as expected.",
    "Good prices, and the discount code worked first time.", "I've ordered {d} times now and never had a problem.",
    "The handwritten thank-you note in the box was a lovely touch.", "Tracking was accurate all the way to my door.",
    "Quick answers in the chat, even late in the evening.", "Returned the {p} without any hassle.",
    "Free shipping above a sensible amount is great.", "Very reliable, I've recommended you to all my friends.",
    "The {p} is even nicer in person.", "The site is fast on my phone and easy to use.",
    "Customer service actually listens. Rare these days.", "Order {o} came the next day. Impressive!",
    "Shopping with you is always hassle-free."};
inline constexpr std::string_view kPraiseFa[] = {
    "ارسال سریع بود؛ {p} ظرف {d} روز رسید و بسته\u200cبندی\u200cاش عالی بود.",
    "{p} را خیلی دوست دارم! دقیقاً مثل عکس\u200cهاست.", "پشتیبانی مشکل سفارش {o} را در چند دقیقه حل کرد. ممنون!",
    "کیفیت نسبت به قیمت عالی است.", "پرداخت سریع و راحت بود.", "{c} زودتر از موعد تحویل داد، خیلی راضی\u200cام.",
    "{p} خیلی زیباست؛ یکی دیگر هم برای هدیه سفارش دادم.",
    "پیدا کردن چیزی که می\u200cخواستم راحت بود و صفحه\u200cهای محصول واضح\u200cاند.",
    "پشتیبانی خوش\u200cبرخورد بود و پولم را سریع برگرداندند. باز هم از شما خرید می\u200cکنم.",
    "همه\u200cچیز سالم و با بسته\u200cبندی تمیز رسید.",
    "بهترین فروشگاه اینترنتی است که امسال از آن خرید کرده\u200cام.", "خیلی خوب است که سایت نسخه فارسی هم دارد.",
    "راهنمای اندازه دقیق بود و همه\u200cچیز همان\u200cطور بود که انتظار داشتم.",
    "قیمت\u200cها مناسب است و کد تخفیف بدون دردسر اعمال شد.",
    "تا حالا {d} بار از شما خرید کرده\u200cام و هیچ مشکلی نداشتم.",
    "یادداشت تشکر دست\u200cنویس داخل جعبه خیلی به دلم نشست.", "رهگیری مرسوله تا لحظه تحویل دقیق بود.",
    "در گفتگوی آنلاین خیلی سریع جواب دادند، حتی آخر شب.", "{p} را بدون هیچ دردسری مرجوع کردم.",
    "ارسال رایگان برای خریدهای بالای یک مبلغ مشخص عالی است.",
    "خیلی قابل اعتماد است؛ به همه دوستانم معرفی\u200cتان کرده\u200cام.", "{p} از نزدیک حتی قشنگ\u200cتر است.",
    "سایت روی گوشی سریع است و کار با آن راحت است.",
    "پشتیبانی واقعاً به حرف مشتری گوش می\u200cدهد؛ این روزها کم پیدا می\u200cشود.",
    "سفارش {o} فردای همان روز رسید. عالی بود!", "خرید از شما همیشه بی\u200cدردسر است."};

inline constexpr std::string_view kComplaintEn[] = {
    "My order {o} arrived {d} days late and nobody told me why.",
    "{c} lost my parcel and support keeps sending the same copy-paste answer.",
    "I've been waiting {d} days for support to reply about order {o}.",
    "Tracking for order {o} has said 'in transit' for {d} days.",
    "I asked for a refund {d} days ago (order {o}) and still nothing.",
    "Wrong item in order {o}: I ordered the {p} and got something else.",
    "Support closed my ticket without solving anything.", "Delivery was promised in 2 days and took {d}.",
    "The {c} courier never rang the bell, just left a note saying I wasn't home.",
    "Nobody answers the phone, and the chat bot just goes in circles.",
    "Half of order {o} is missing and nobody replies to my emails.",
    "I had to contact support three times about the same problem.",
    "Returning the {p} was a nightmare: {d} days and still no pickup.",
    "The {p} arrived broken. The box was completely crushed.",
    "The {p} looks nothing like the photos. Very disappointed.",
    "Way too expensive compared to other shops for the same {p}.", "Shipping cost more than the {p} itself!",
    "The {p} stopped working after {d} days.", "The quality of the {p} has gone down a lot since my last order.",
    "Prices went up again, and the discount code didn't apply.",
    "The size guide is useless, the {p} was much smaller than described.",
    "Too many pop-ups on the site, it's annoying.", "Product pages don't say when items will be back in stock.",
    "I couldn't find the return policy anywhere on the site.", "When I opened the {p} it smelled of chemicals.",
    "Hidden fees appeared at the very end of checkout. Not fair."};
inline constexpr std::string_view kComplaintFa[] = {
    "سفارش {o} با {d} روز تأخیر رسید و هیچ\u200cکس توضیحی نداد.",
    "{c} بسته\u200cام را گم کرد و پشتیبانی فقط جواب\u200cهای تکراری می\u200cدهد.",
    "{d} روز است منتظر جواب پشتیبانی درباره سفارش {o} هستم.",
    "وضعیت سفارش {o} از {d} روز پیش روی «در حال ارسال» مانده است.",
    "{d} روز پیش درخواست بازگشت وجه سفارش {o} را دادم و هنوز خبری نیست.",
    "به جای {p} کالای دیگری برایم فرستادید. شماره سفارش {o} است.", "پشتیبانی تیکتم را بدون اینکه مشکلم حل شود بست.",
    "قول ارسال دوروزه داده بودید ولی {d} روز طول کشید.", "مأمور {c} زنگ نزد و فقط یادداشت گذاشت که خانه نبودم.",
    "هیچ\u200cکس تلفن را جواب نمی\u200cدهد و ربات گفتگو فقط دور خودش می\u200cچرخد.",
    "نصف سفارش {o} نرسیده و کسی جواب ایمیل\u200cهایم را نمی\u200cدهد.",
    "برای یک مشکل سه بار با پشتیبانی تماس گرفتم و هنوز حل نشده.",
    "مرجوع کردن {p} کابوس بود؛ {d} روز گذشته و هنوز کسی برای تحویل گرفتنش نیامده.",
    "{p} شکسته به دستم رسید و جعبه کاملاً له شده بود.", "{p} اصلاً شبیه عکس\u200cهای سایت نیست. خیلی ناامید شدم.",
    "قیمت {p} از فروشگاه\u200cهای دیگر خیلی بیشتر است.", "هزینه ارسال از قیمت خود {p} بیشتر شد!",
    "{p} بعد از {d} روز خراب شد.", "کیفیت {p} نسبت به خرید قبلی\u200cام خیلی پایین آمده.",
    "دوباره قیمت\u200cها را بالا بردید و کد تخفیف هم اعمال نشد.",
    "راهنمای اندازه به درد نمی\u200cخورد؛ {p} خیلی کوچک\u200cتر از توضیحات بود.",
    "پنجره\u200cهای تبلیغاتی سایت خیلی زیاد و آزاردهنده\u200cاند.",
    "در صفحه محصول نوشته نشده کی دوباره موجود می\u200cشود.", "شرایط مرجوعی را هیچ جای سایت پیدا نکردم.",
    "{p} را که باز کردم بوی مواد شیمیایی می\u200cداد.",
    "آخر کار موقع پرداخت هزینه\u200cهای پنهان اضافه شد. اصلاً منصفانه نیست."};

inline constexpr std::string_view kTechnicalEn[] = {
    "Payment failed twice with my card but the money was taken.",
    "The checkout page keeps spinning after I press Pay.", "I never get the SMS code to log in.",
    "The site crashes on my phone when I open the cart.", "Error 500 when I try to apply a discount code.",
    "Can't reset my password, the link in the email has expired.", "The Pay button does nothing in Safari.",
    "My cart empties itself every time I log in.", "Product images don't load on mobile data.",
    "I was charged twice for order {o}.", "The address form won't accept my postcode.",
    "The page jumps around while I'm typing my address.",
    "The bank gateway timed out and order {o} still shows as unpaid.",
    "Since updating my browser I can't log in anymore.", "Searching for '{p}' returns nothing.",
    "I get logged out every few minutes.", "The order confirmation email never arrived.",
    "The Track order button opens a blank page.", "The site is extremely slow in the evenings.",
    "Persian text on the invoice shows up as question marks.", "Adding the {p} to the cart shows an error.",
    "The captcha never loads, so I can't sign up.", "Checkout says my card is invalid but it works everywhere else.",
    "On my tablet the menu covers the Pay button.", "It asked me to verify my phone number {d} times in a row.",
    "I enter the discount code but the total doesn't change."};
inline constexpr std::string_view kTechnicalFa[] = {
    "پرداخت با کارتم دو بار ناموفق شد ولی پول از حسابم کم شد.",
    "بعد از زدن دکمه پرداخت، صفحه همین\u200cطور در حال بارگذاری می\u200cماند.",
    "کد پیامکی ورود هیچ\u200cوقت برایم نمی\u200cآید.",
    "وقتی سبد خرید را روی گوشی باز می\u200cکنم، سایت از کار می\u200cافتد.",
    "موقع وارد کردن کد تخفیف خطای ۵۰۰ می\u200cگیرم.", "نمی\u200cتوانم رمزم را عوض کنم؛ لینک ایمیل منقضی شده است.",
    "دکمه پرداخت در سافاری هیچ کاری نمی\u200cکند.", "هر بار وارد حسابم می\u200cشوم، سبد خریدم خالی می\u200cشود.",
    "عکس\u200cهای صفحه محصول با اینترنت همراه باز نمی\u200cشوند.", "برای سفارش {o} دو بار از حسابم پول کم شد.",
    "فرم آدرس کد پستی\u200cام را قبول نمی\u200cکند.", "موقع نوشتن آدرس، صفحه مدام بالا و پایین می\u200cپرد.",
    "درگاه بانک قطع شد و سفارش {o} هنوز «پرداخت\u200cنشده» است.",
    "بعد از به\u200cروزرسانی مرورگر دیگر نمی\u200cتوانم وارد حسابم شوم.",
    "جستجوی «{p}» هیچ نتیجه\u200cای نمی\u200cدهد.", "هر چند دقیقه یک بار از حسابم بیرون می\u200cافتم.",
    "ایمیل تأیید سفارش هیچ\u200cوقت به دستم نرسید.", "دکمه پیگیری سفارش یک صفحه سفید باز می\u200cکند.",
    "سایت شب\u200cها خیلی کند است.", "متن فارسی فاکتور به شکل علامت سؤال نمایش داده می\u200cشود.",
    "موقع افزودن {p} به سبد خرید خطا می\u200cدهد.", "کپچا بارگذاری نمی\u200cشود و نمی\u200cتوانم ثبت\u200cنام کنم.",
    "موقع پرداخت می\u200cگوید کارتم نامعتبر است، در حالی که همه\u200cجا کار می\u200cکند.",
    "روی تبلتم منو روی دکمه پرداخت می\u200cافتد و نمی\u200cشود رویش زد.",
    "{d} بار پشت سر هم از من خواست شماره موبایلم را تأیید کنم.",
    "کد تخفیف را می\u200cزنم ولی مبلغ نهایی تغییری نمی\u200cکند."};

inline constexpr std::string_view kQuestionEn[] = {
    "How long does delivery to Shiraz usually take?", "Is the {p} dishwasher safe?",
    "When will the {p} be back in stock?", "Can I change the delivery address for order {o}?",
    "Do you ship to Germany, and how much does it cost?", "What are your opening hours for phone support?",
    "Can I pay cash on delivery?", "Is there a warranty on the {p}?",
    "How do I return an item I bought {d} days ago?", "Where can I see the status of order {o}?",
    "Do you have the {p} in another colour?", "Does the price of the {p} include tax?",
    "Can I pick up my order in person instead of using {c}?", "Do you offer gift wrapping?",
    "How much is shipping to Dubai?", "Can I cancel order {o}? I placed it by mistake.",
    "What are the exact dimensions of the {p}?", "Do you accept foreign cards?", "Is the {p} handmade?",
    "Do you have a physical shop I can visit?", "How can I use my loyalty points?",
    "Which courier do you use for Istanbul?", "Does the discount apply to items already on sale?",
    "Can I order more than {d} of the {p} at once?", "Can I get an invoice with my company name for order {o}?",
    "What is the minimum order for free shipping?"};
inline constexpr std::string_view kQuestionFa[] = {
    "ارسال به شیراز معمولاً چند روز طول می\u200cکشد؟", "{p} را می\u200cشود در ماشین ظرف\u200cشویی شست؟",
    "{p} کی دوباره موجود می\u200cشود؟", "می\u200cتوانم آدرس تحویل سفارش {o} را عوض کنم؟",
    "به آلمان هم ارسال دارید؟ هزینه\u200cاش چقدر است؟", "ساعت کاری پشتیبانی تلفنی چیست؟",
    "امکان پرداخت در محل دارید؟", "{p} گارانتی دارد؟", "چطور کالایی را که {d} روز پیش خریده\u200cام مرجوع کنم؟",
    "وضعیت سفارش {o} را کجا می\u200cتوانم ببینم؟", "{p} رنگ دیگری هم دارد؟", "قیمت {p} با احتساب مالیات است؟",
    "می\u200cتوانم به جای ارسال با {c}، سفارشم را حضوری تحویل بگیرم؟", "بسته\u200cبندی کادویی هم دارید؟",
    "هزینه ارسال به دبی چقدر است؟", "می\u200cشود سفارش {o} را لغو کنم؟ اشتباهی ثبتش کردم.",
    "ابعاد دقیق {p} چقدر است؟", "کارت\u200cهای بانکی خارجی را قبول می\u200cکنید؟", "{p} دست\u200cساز است؟",
    "فروشگاه حضوری هم دارید که بشود سر زد؟", "چطور از امتیازهای باشگاه مشتریان استفاده کنم؟",
    "برای ارسال به استانبول با کدام شرکت پستی کار می\u200cکنید؟", "تخفیف روی کالاهای حراجی هم اعمال می\u200cشود؟",
    "می\u200cتوانم بیشتر از {d} عدد {p} یک\u200cجا سفارش بدهم؟",
    "می\u200cشود برای سفارش {o} فاکتور رسمی به نام شرکت بگیرم؟",
    "ارسال برای سفارش\u200cهای بالای چه مبلغی رایگان است؟"};

inline constexpr std::string_view kRequestEn[] = {
    "Please add PayPal as a payment option.", "Could you gift-wrap order {o}? It's a birthday present.",
    "We run a café and would like to buy the {p} wholesale. Who can I talk to?",
    "Please deliver order {o} after 6 pm, nobody is home during the day.", "A dark mode for the site would be great.",
    "I'd like to work with you as an Instagram seller.", "Please add more photos of the {p} from different angles.",
    "Please text me when the {p} is back in stock.",
    "I've been a customer for years. How about a discount for regulars?", "Please offer express delivery to Tabriz.",
    "Please email me the invoice for order {o}.", "Could you add a size chart in centimetres?",
    "Please hold order {o} until next week, I'm travelling.",
    "We'd like cups with our logo for a company event. Is that possible?",
    "Please add an English invoice for international orders.", "Please let me choose {c} as the courier.",
    "Please add a wishlist so I can save products for later.",
    "Please send a replacement for the broken {p} instead of a refund.",
    "Could you call me about order {o}? Chat is hard for me.",
    "It would help to see the delivery date before paying.", "Please add instalment payments for bigger orders.",
    "I'd love a newsletter about new arrivals.", "Could you make the {p} in a bigger size?",
    "Please let guests check out without creating an account.",
    "I'm a blogger and would like to review the {p}. Can we collaborate?",
    "Please split order {o} into two deliveries."};
inline constexpr std::string_view kRequestFa[] = {
    "لطفاً پرداخت با کیف پول را هم اضافه کنید.", "می\u200cشود سفارش {o} را کادوپیچ کنید؟ برای تولد است.",
    "یک کافه داریم و می\u200cخواهیم {p} را عمده بخریم. با چه کسی صحبت کنم؟",
    "لطفاً سفارش {o} را بعد از ساعت ۶ عصر بفرستید؛ روزها کسی خانه نیست.",
    "خیلی خوب می\u200cشد اگر سایت حالت تاریک داشت.", "می\u200cخواهم به عنوان فروشنده اینستاگرامی با شما همکاری کنم.",
    "لطفاً عکس\u200cهای بیشتری از {p} از زاویه\u200cهای مختلف بگذارید.",
    "وقتی {p} موجود شد، لطفاً با پیامک خبرم کنید.",
    "چند سال است مشتری شما هستم؛ برای مشتری\u200cهای ثابت تخفیف در نظر بگیرید.",
    "لطفاً ارسال فوری به تبریز را هم راه بیندازید.", "لطفاً فاکتور سفارش {o} را به ایمیلم بفرستید.",
    "لطفاً جدول اندازه را به سانتی\u200cمتر هم اضافه کنید.", "لطفاً سفارش {o} را تا هفته بعد نگه دارید، در سفرم.",
    "برای یک مراسم شرکتی فنجان با لوگوی خودمان می\u200cخواهیم. امکانش هست؟",
    "برای سفارش\u200cهای خارج از کشور فاکتور انگلیسی هم صادر کنید.",
    "لطفاً اجازه بدهید خودم {c} را برای ارسال انتخاب کنم.",
    "لطفاً فهرست علاقه\u200cمندی\u200cها را اضافه کنید تا محصولات را برای بعد نگه دارم.",
    "به جای بازگشت وجه، لطفاً یک {p} سالم جایگزین بفرستید.",
    "لطفاً درباره سفارش {o} با من تماس بگیرید؛ چت کردن برایم سخت است.",
    "خوب است تاریخ تحویل را قبل از پرداخت نشان بدهید.", "لطفاً برای خریدهای بزرگ امکان پرداخت اقساطی بگذارید.",
    "دوست دارم خبرنامه محصولات جدید را دریافت کنم.", "می\u200cشود {p} را در اندازه بزرگ\u200cتر هم تولید کنید؟",
    "لطفاً امکان خرید بدون ثبت\u200cنام را هم فراهم کنید.",
    "وبلاگ\u200cنویس هستم و دوست دارم درباره {p} بنویسم. همکاری می\u200cکنید؟",
    "لطفاً سفارش {o} را در دو مرسوله جدا بفرستید."};

// cart-exit's "Anything else?", by the reason chosen.
inline constexpr std::string_view kCartPriceEn[] = {
    "Found the {p} cheaper elsewhere.", "A bit over my budget this month.", "I'll wait for a sale.",
    "My discount code didn't work.", "The price went up after I added it to the cart.",
    "Too expensive for what it is.", "I'll buy it when there's a discount.", "Cheaper in the shops near me."};
inline constexpr std::string_view kCartPriceFa[] = {
    "{p} را جای دیگر ارزان\u200cتر پیدا کردم.", "این ماه از بودجه\u200cام بیشتر است.", "صبر می\u200cکنم تا حراج شود.",
    "کد تخفیفم کار نکرد.", "از وقتی به سبد اضافه\u200cاش کردم قیمتش بالا رفته.", "برای چنین چیزی خیلی گران است.",
    "وقتی تخفیف بخورد می\u200cخرم.", "قیمت\u200cها از مغازه\u200cهای محله\u200cمان بیشتر است."};
inline constexpr std::string_view kCartShippingEn[] = {
    "Shipping costs almost as much as the {p}.", "Delivery takes {d} days, too long.", "No free shipping to my city.",
    "You only ship with {c}, which is slow where I live.", "I didn't see the shipping cost until the last step.",
    "Express delivery is far too expensive.", "No weekend delivery option.", "Shipping abroad is too expensive."};
inline constexpr std::string_view kCartShippingFa[] = {
    "هزینه ارسال تقریباً اندازه قیمت {p} است.", "ارسال {d} روز طول می\u200cکشد؛ خیلی زیاد است.",
    "برای شهر ما ارسال رایگان ندارید.", "فقط با {c} ارسال می\u200cکنید که برای من کند است.",
    "هزینه ارسال را تا مرحله آخر ندیدم.", "ارسال فوری خیلی گران است.", "برای آخر هفته امکان تحویل ندارید.",
    "ارسال به خارج از کشور خیلی گران است."};
inline constexpr std::string_view kCartBrowsingEn[] = {
    "Just comparing prices.", "Saving it for later.", "I'll come back next week.", "Wanted to see the total first.",
    "Need to ask my partner first.", "Looking for gift ideas.", "I'll order from my laptop later.",
    "Just checking if the {p} is in stock."};
inline constexpr std::string_view kCartBrowsingFa[] = {
    "فقط داشتم قیمت\u200cها را مقایسه می\u200cکردم.", "برای بعد نگهش داشتم.", "هفته بعد برمی\u200cگردم.",
    "می\u200cخواستم اول مبلغ نهایی را ببینم.", "باید اول با همسرم مشورت کنم.", "دنبال ایده برای هدیه بودم.",
    "بعداً با لپ\u200cتاپ سفارش می\u200cدهم.", "می\u200cخواستم ببینم {p} موجود است یا نه."};

using Texts = std::span<const std::string_view>;
inline constexpr Texts kTexts[kIntents][2] = {
    {kPraiseEn, kPraiseFa},       {kComplaintEn, kComplaintFa},       {kTechnicalEn, kTechnicalFa},
    {kQuestionEn, kQuestionFa},   {kRequestEn, kRequestFa},           {kCartPriceEn, kCartPriceFa},
    {kCartShippingEn, kCartShippingFa}, {kCartBrowsingEn, kCartBrowsingFa}};

inline constexpr std::string_view kGreetings[2][3] = {{"Hi! ", "Hello! ", "Good morning! "},
                                               {"سلام، ", "سلام وقت بخیر، ", "درود، "}};
inline constexpr std::string_view kSignoffs[2][3] = {{" Thanks.", " Thank you!", " Thanks in advance."},
                                              {" ممنون.", " با تشکر.", " مرسی."}};

}  // namespace sada::synthetic_texts
