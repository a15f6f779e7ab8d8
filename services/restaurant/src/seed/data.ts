// Seed catalogue for restaurant-service. The agent evals depend on its deliberate overlaps
// (several "Chicken Curry", "Fried Rice", "Wrap", "Iced Lemon Tea" and two "Margherita" items),
// its unavailable items and its hours (a weekday-only place, a canteen that closes after midnight),
// so change names, availability or hours only together with the eval scenarios.

export interface SeedItem {
  name: string;
  description: string;
  priceCents: number;
  tags: ("vegetarian" | "vegan" | "halal" | "gluten-free" | "dairy-free" | "nut-free")[];
  spiceLevel: 0 | 1 | 2 | 3;
  available: boolean;
  calories: number | null;
}

export interface SeedSection {
  name: string;
  items: SeedItem[];
}

export interface SeedRestaurant {
  slug: string;
  name: string;
  description: string;
  cuisines: string[];
  location: { building: string; zone: "north" | "south" | "central" | "east" | "west"; description: string };
  hours: { day: 0 | 1 | 2 | 3 | 4 | 5 | 6; opens: string; closes: string }[];
  prepTimeMinutes: number;
  rating: number;
  ratingCount: number;
  priceLevel: 1 | 2 | 3;
  sections: SeedSection[];
}

type Day = SeedRestaurant["hours"][number]["day"];

// 0 is Sunday, as in Date.prototype.getDay().
const EVERY_DAY: readonly Day[] = [0, 1, 2, 3, 4, 5, 6];
const MON_SAT: readonly Day[] = [1, 2, 3, 4, 5, 6];
const MON_FRI: readonly Day[] = [1, 2, 3, 4, 5];
const SAT_SUN: readonly Day[] = [6, 0];

// A `closes` earlier than `opens` means the kitchen closes after midnight, on the following day.
function openOn(days: readonly Day[], opens: string, closes: string): SeedRestaurant["hours"] {
  return days.map((day) => ({ day, opens, closes }));
}

export const restaurants: SeedRestaurant[] = [
  {
    slug: "spice-route",
    name: "Spice Route",
    description: "North Indian wraps, curries and biryani cooked in a halal kitchen.",
    cuisines: ["Indian"],
    location: { building: "Student Centre", zone: "north", description: "Ground floor food court, counter 3." },
    hours: openOn(MON_SAT, "11:00", "21:00"),
    prepTimeMinutes: 15,
    rating: 4.5,
    ratingCount: 612,
    priceLevel: 2,
    sections: [
      {
        name: "Wraps",
        items: [
          { name: "Paneer Tikka Wrap", description: "Grilled paneer with peppers, onions and mint chutney rolled in a warm naan.", priceCents: 4200, tags: ["vegetarian", "halal", "nut-free"], spiceLevel: 1, available: true, calories: 520 },
          { name: "Chicken Tikka Wrap", description: "Tandoori chicken tikka with onions, lettuce and yoghurt sauce rolled in a naan.", priceCents: 4500, tags: ["halal", "nut-free"], spiceLevel: 2, available: true, calories: 580 },
          { name: "Aloo Tikki Wrap", description: "Spiced potato patties with tamarind chutney and pickled onions in a wholewheat roti.", priceCents: 3800, tags: ["vegetarian", "vegan", "dairy-free", "halal", "nut-free"], spiceLevel: 1, available: true, calories: 470 },
        ],
      },
      {
        name: "Mains",
        items: [
          { name: "Vegetable Biryani", description: "Basmati rice layered with mixed vegetables, saffron and fried onions, served with raita.", priceCents: 5200, tags: ["vegetarian", "halal", "gluten-free"], spiceLevel: 2, available: true, calories: 640 },
          { name: "Chicken Biryani", description: "Basmati rice cooked with bone-in chicken, whole spices and mint, served with raita.", priceCents: 5800, tags: ["halal", "gluten-free"], spiceLevel: 2, available: true, calories: 760 },
          { name: "Chicken Curry", description: "Chicken thigh simmered in an onion and tomato gravy, served with basmati rice.", priceCents: 5400, tags: ["halal", "gluten-free", "dairy-free", "nut-free"], spiceLevel: 2, available: true, calories: 690 },
          { name: "Butter Chicken", description: "Tandoori chicken in a mild tomato, butter and cream sauce, served with basmati rice.", priceCents: 5600, tags: ["halal", "gluten-free"], spiceLevel: 1, available: true, calories: 820 },
          { name: "Chicken Vindaloo", description: "Chicken in a fiery Goan-style chilli and vinegar sauce, served with basmati rice.", priceCents: 5600, tags: ["halal", "gluten-free", "dairy-free", "nut-free"], spiceLevel: 3, available: true, calories: 700 },
          { name: "Lamb Rogan Josh", description: "Slow-cooked lamb in a Kashmiri chilli and yoghurt gravy, served with basmati rice.", priceCents: 6800, tags: ["halal", "gluten-free", "nut-free"], spiceLevel: 2, available: false, calories: 780 },
          { name: "Palak Paneer", description: "Paneer cubes in a spiced spinach purée, served with basmati rice.", priceCents: 5000, tags: ["vegetarian", "halal", "gluten-free", "nut-free"], spiceLevel: 1, available: true, calories: 610 },
          { name: "Chana Masala", description: "Chickpeas cooked with tomato, ginger and garam masala, served with basmati rice.", priceCents: 4600, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "halal", "nut-free"], spiceLevel: 2, available: true, calories: 560 },
        ],
      },
      {
        name: "Sides",
        items: [
          { name: "Garlic Naan", description: "Tandoor-baked flatbread brushed with garlic butter.", priceCents: 1400, tags: ["vegetarian", "halal", "nut-free"], spiceLevel: 0, available: true, calories: 260 },
          { name: "Vegetable Samosas (2 pcs)", description: "Two pastry parcels of spiced potato and peas with tamarind chutney.", priceCents: 1800, tags: ["vegetarian", "vegan", "dairy-free", "halal", "nut-free"], spiceLevel: 1, available: true, calories: 300 },
        ],
      },
      {
        name: "Drinks",
        items: [
          { name: "Mango Lassi", description: "Blended yoghurt drink with Alphonso mango pulp.", priceCents: 2200, tags: ["vegetarian", "halal", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 280 },
          { name: "Masala Chai", description: "Hot black tea brewed with milk, cardamom, ginger and cloves.", priceCents: 1600, tags: ["vegetarian", "halal", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 120 },
        ],
      },
    ],
  },
  {
    slug: "canton-kitchen",
    name: "Canton Kitchen",
    description: "Cantonese roast meats, noodle soups and Hong Kong café drinks.",
    cuisines: ["Chinese", "Cantonese"],
    location: { building: "Academic Building", zone: "central", description: "LG1 canteen, beside Lift 13." },
    hours: openOn(EVERY_DAY, "10:30", "21:00"),
    prepTimeMinutes: 10,
    rating: 4.1,
    ratingCount: 845,
    priceLevel: 1,
    sections: [
      {
        name: "Rice & Noodles",
        items: [
          { name: "Char Siu Rice", description: "Honey-glazed barbecue pork over steamed rice with blanched choy sum.", priceCents: 4200, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 720 },
          { name: "Roast Duck and Char Siu Rice", description: "Roast duck and char siu over rice with ginger-scallion sauce.", priceCents: 5200, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 850 },
          { name: "Soy Sauce Chicken Rice", description: "Chicken poached in aged soy sauce over rice with ginger-scallion oil.", priceCents: 4000, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 680 },
          { name: "Wonton Noodle Soup", description: "Shrimp and pork wontons with thin egg noodles in a dried flounder broth.", priceCents: 3800, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 450 },
          { name: "Beef Brisket Noodles", description: "Braised beef brisket and tendon with egg noodles in a clear beef broth.", priceCents: 4600, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 560 },
          { name: "Yangzhou Fried Rice", description: "Wok-fried rice with char siu, shrimp, egg and spring onion.", priceCents: 4400, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 780 },
          { name: "Braised Tofu and Vegetables on Rice", description: "Braised tofu, mushrooms and seasonal greens in a vegetarian mushroom sauce over rice.", priceCents: 3800, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 540 },
          { name: "Dry-fried Beef Ho Fun", description: "Flat rice noodles wok-fried with sliced beef, bean sprouts and dark soy sauce.", priceCents: 4800, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 880 },
        ],
      },
      {
        name: "Snacks",
        items: [
          { name: "Curry Fish Balls", description: "Six fish balls simmered in a mild Hong Kong curry sauce.", priceCents: 1800, tags: ["dairy-free"], spiceLevel: 1, available: true, calories: 220 },
          { name: "Steamed Rice Rolls", description: "Plain rice noodle rolls with sweet sauce, peanut sauce and sesame seeds.", priceCents: 2000, tags: ["vegetarian", "vegan", "dairy-free"], spiceLevel: 0, available: true, calories: 310 },
          { name: "Choy Sum with Oyster Sauce", description: "Blanched seasonal choy sum topped with oyster sauce.", priceCents: 2200, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 90 },
        ],
      },
      {
        name: "Drinks",
        items: [
          { name: "Hong Kong Milk Tea", description: "Strong black tea blend with evaporated milk, hot or iced.", priceCents: 1400, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 150 },
          { name: "Iced Lemon Tea", description: "Black tea over ice with fresh lemon slices and syrup.", priceCents: 1400, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 110 },
          { name: "Yuenyeung", description: "Half coffee and half milk tea, served hot.", priceCents: 1500, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 160 },
        ],
      },
    ],
  },
  {
    slug: "sakura-ramen-sushi",
    name: "Sakura Ramen & Sushi",
    description: "Japanese ramen, sushi and rice bowls by the waterfront.",
    cuisines: ["Japanese"],
    location: { building: "Seafront", zone: "east", description: "Upper level of the Seafront building, facing the piazza." },
    hours: openOn(EVERY_DAY, "11:30", "21:30"),
    prepTimeMinutes: 18,
    rating: 4.6,
    ratingCount: 534,
    priceLevel: 3,
    sections: [
      {
        name: "Ramen",
        items: [
          { name: "Tonkotsu Ramen", description: "Pork bone broth with chashu, soft-boiled egg, bamboo shoots and thin noodles.", priceCents: 7800, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 780 },
          { name: "Spicy Miso Ramen", description: "Miso and chilli broth with minced pork, corn, bean sprouts and wavy noodles.", priceCents: 7800, tags: ["dairy-free", "nut-free"], spiceLevel: 2, available: true, calories: 820 },
          { name: "Vegetable Shoyu Ramen", description: "Soy and kombu broth with tofu, mushrooms, corn and seasonal greens.", priceCents: 7200, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 610 },
          { name: "Jigoku Ramen", description: "Tonkotsu broth with a heavy chilli paste, chashu and garlic chips.", priceCents: 8200, tags: ["dairy-free", "nut-free"], spiceLevel: 3, available: true, calories: 880 },
        ],
      },
      {
        name: "Sushi",
        items: [
          { name: "Salmon Nigiri (4 pcs)", description: "Four pieces of Norwegian salmon over seasoned rice.", priceCents: 4800, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 260 },
          { name: "California Roll (8 pcs)", description: "Crab stick, avocado, cucumber and mayonnaise rolled with flying fish roe.", priceCents: 5200, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 380 },
          { name: "Avocado Cucumber Roll (8 pcs)", description: "Eight pieces of maki filled with avocado and cucumber.", priceCents: 4200, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 320 },
          { name: "Salmon Sashimi", description: "Eight slices of fresh salmon with shiso and grated daikon.", priceCents: 6800, tags: ["dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: false, calories: 290 },
          { name: "Premium Sushi Set", description: "Twelve pieces of chef-selected nigiri including otoro, uni and scallop, with miso soup.", priceCents: 11800, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 720 },
        ],
      },
      {
        name: "Rice",
        items: [
          { name: "Chicken Katsu Curry", description: "Panko-fried chicken cutlet with Japanese curry sauce over short-grain rice.", priceCents: 6800, tags: ["nut-free"], spiceLevel: 1, available: true, calories: 950 },
          { name: "Salmon Teriyaki Don", description: "Pan-seared salmon glazed with teriyaki sauce over rice with pickles.", priceCents: 7200, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 680 },
          { name: "Gyudon", description: "Thinly sliced beef and onion simmered in sweet soy over rice.", priceCents: 6200, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 740 },
        ],
      },
      {
        name: "Drinks",
        items: [
          { name: "Hot Green Tea", description: "Hot Japanese sencha.", priceCents: 800, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 0 },
          { name: "Calpis Soda", description: "Sparkling Japanese cultured milk drink, served chilled.", priceCents: 1800, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 140 },
        ],
      },
    ],
  },
  {
    slug: "seoul-bowl",
    name: "Seoul Bowl",
    description: "Korean rice bowls, stews and fried chicken.",
    cuisines: ["Korean"],
    location: { building: "Hall 5", zone: "south", description: "Hall 5 canteen, ground floor." },
    hours: [...openOn(MON_SAT, "11:00", "21:00"), ...openOn([0], "12:00", "20:00")],
    prepTimeMinutes: 14,
    rating: 4.3,
    ratingCount: 402,
    priceLevel: 2,
    sections: [
      {
        name: "Rice Bowls",
        items: [
          { name: "Bibimbap", description: "Rice topped with seasoned vegetables, beef and a fried egg, with gochujang on the side.", priceCents: 5600, tags: ["dairy-free", "nut-free"], spiceLevel: 1, available: true, calories: 680 },
          { name: "Dolsot Bibimbap", description: "Bibimbap served in a sizzling stone pot with a crispy rice crust.", priceCents: 6200, tags: ["dairy-free", "nut-free"], spiceLevel: 1, available: true, calories: 720 },
          { name: "Tofu Bibimbap", description: "Rice with seasoned vegetables, pan-fried tofu and gochujang, made without egg.", priceCents: 5200, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 1, available: true, calories: 590 },
          { name: "Kimchi Fried Rice", description: "Rice stir-fried with aged kimchi and pork belly, topped with a fried egg.", priceCents: 5200, tags: ["dairy-free", "nut-free"], spiceLevel: 2, available: true, calories: 740 },
          { name: "Bulgogi Rice Bowl", description: "Soy-marinated beef stir-fried with onions over rice.", priceCents: 5800, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 700 },
        ],
      },
      {
        name: "Hot Dishes",
        items: [
          { name: "Kimchi Jjigae", description: "Kimchi stew with pork, tofu and onion, served with rice.", priceCents: 5800, tags: ["dairy-free", "nut-free"], spiceLevel: 2, available: true, calories: 520 },
          { name: "Jeyuk Bokkeum", description: "Pork stir-fried in a hot gochujang marinade, served with rice.", priceCents: 5800, tags: ["dairy-free", "nut-free"], spiceLevel: 3, available: true, calories: 760 },
          { name: "Tteokbokki", description: "Chewy rice cakes and fish cake in a sweet and spicy gochujang sauce.", priceCents: 4200, tags: ["dairy-free", "nut-free"], spiceLevel: 2, available: true, calories: 480 },
          { name: "Korean Fried Chicken (Half)", description: "Half a chicken, double-fried and tossed in a sweet soy garlic glaze.", priceCents: 7800, tags: ["dairy-free"], spiceLevel: 0, available: true, calories: 1150 },
        ],
      },
      {
        name: "Sides",
        items: [
          { name: "Kimchi Pancake", description: "Crispy pan-fried pancake with kimchi and spring onion.", priceCents: 3200, tags: ["dairy-free", "nut-free"], spiceLevel: 1, available: true, calories: 420 },
          { name: "Japchae", description: "Sweet potato glass noodles stir-fried with vegetables and sesame oil.", priceCents: 3800, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 380 },
        ],
      },
      {
        name: "Drinks",
        items: [
          { name: "Iced Barley Tea", description: "Unsweetened roasted barley tea over ice.", priceCents: 1000, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 0 },
          { name: "Banana Milk", description: "Chilled Korean banana-flavoured milk in a 240 ml bottle.", priceCents: 1500, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 210 },
        ],
      },
    ],
  },
  {
    slug: "bangkok-street",
    name: "Bangkok Street",
    description: "Thai curries, noodles and street-style salads.",
    cuisines: ["Thai"],
    location: { building: "Hall 3", zone: "north", description: "Hall 3 podium, next to the convenience store." },
    hours: openOn(MON_SAT, "11:30", "21:00"),
    prepTimeMinutes: 16,
    rating: 4.2,
    ratingCount: 298,
    priceLevel: 2,
    sections: [
      {
        name: "Curries",
        items: [
          { name: "Green Curry with Chicken", description: "Chicken, Thai aubergine and basil in coconut green curry, served with jasmine rice.", priceCents: 5800, tags: ["dairy-free", "gluten-free", "nut-free"], spiceLevel: 2, available: true, calories: 710 },
          { name: "Green Curry with Tofu", description: "Tofu and vegetables in a coconut green curry made without fish sauce, served with jasmine rice.", priceCents: 5400, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 2, available: true, calories: 640 },
          { name: "Massaman Beef Curry", description: "Slow-braised beef and potato in a mild massaman curry with peanuts, served with rice.", priceCents: 6400, tags: ["dairy-free", "gluten-free"], spiceLevel: 1, available: true, calories: 820 },
          { name: "Red Duck Curry", description: "Roast duck with pineapple and cherry tomatoes in red curry, served with rice.", priceCents: 6600, tags: ["dairy-free", "gluten-free", "nut-free"], spiceLevel: 2, available: true, calories: 790 },
        ],
      },
      {
        name: "Noodles & Rice",
        items: [
          { name: "Pad Thai with Shrimp", description: "Rice noodles stir-fried with shrimp, tofu, egg, bean sprouts and crushed peanuts.", priceCents: 5600, tags: ["dairy-free", "gluten-free"], spiceLevel: 1, available: true, calories: 760 },
          { name: "Vegetable Pad Thai", description: "Rice noodles stir-fried with tofu, egg, bean sprouts and crushed peanuts, without fish sauce.", priceCents: 5000, tags: ["vegetarian", "dairy-free", "gluten-free"], spiceLevel: 1, available: true, calories: 680 },
          { name: "Pineapple Fried Rice", description: "Jasmine rice fried with pineapple, shrimp, cashews and curry powder.", priceCents: 5400, tags: ["dairy-free"], spiceLevel: 1, available: true, calories: 720 },
          { name: "Pad Kra Pao", description: "Minced pork stir-fried with holy basil and bird's eye chilli, with rice and a fried egg.", priceCents: 5200, tags: ["dairy-free", "nut-free"], spiceLevel: 3, available: true, calories: 690 },
          { name: "Tom Yum Goong", description: "Hot and sour soup with river prawns, lemongrass, galangal and lime leaves.", priceCents: 5800, tags: ["dairy-free", "gluten-free", "nut-free"], spiceLevel: 3, available: true, calories: 260 },
          { name: "Som Tam", description: "Shredded green papaya salad with lime, chilli, tomatoes and peanuts.", priceCents: 3600, tags: ["dairy-free", "gluten-free"], spiceLevel: 3, available: true, calories: 180 },
        ],
      },
      {
        name: "Drinks & Desserts",
        items: [
          { name: "Thai Milk Tea", description: "Iced Thai tea with condensed and evaporated milk.", priceCents: 2000, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 280 },
          { name: "Lemongrass Iced Tea", description: "Lemongrass and pandan tea over ice, lightly sweetened.", priceCents: 1600, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 90 },
          { name: "Mango Sticky Rice", description: "Sweet glutinous rice with fresh mango and coconut cream, sold while mangoes are in season.", priceCents: 3800, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: false, calories: 450 },
        ],
      },
    ],
  },
  {
    slug: "pho-saigon",
    name: "Pho Saigon",
    description: "Vietnamese pho, rice vermicelli and banh mi.",
    cuisines: ["Vietnamese"],
    location: { building: "Hall 7", zone: "south", description: "Hall 7 canteen annex, ground floor." },
    hours: openOn(EVERY_DAY, "11:00", "21:00"),
    prepTimeMinutes: 12,
    rating: 4.4,
    ratingCount: 356,
    priceLevel: 2,
    sections: [
      {
        name: "Pho & Noodles",
        items: [
          { name: "Pho Bo Tai", description: "Rice noodles in beef bone broth with rare sliced beef, herbs and lime.", priceCents: 5800, tags: ["dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 520 },
          { name: "Pho Dac Biet", description: "House special pho with rare beef, brisket, tendon and beef balls.", priceCents: 6800, tags: ["dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: false, calories: 640 },
          { name: "Pho Ga", description: "Rice noodles in a clear chicken broth with poached chicken and spring onion.", priceCents: 5400, tags: ["dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 460 },
          { name: "Bun Cha", description: "Grilled pork patties and pork belly with vermicelli, herbs and a fish sauce dip.", priceCents: 6200, tags: ["dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 640 },
          { name: "Lemongrass Chicken Vermicelli", description: "Grilled lemongrass chicken over vermicelli with herbs, pickles and crushed peanuts.", priceCents: 5600, tags: ["dairy-free", "gluten-free"], spiceLevel: 1, available: true, calories: 590 },
          { name: "Bun Bo Hue", description: "Thick rice noodles in a lemongrass and chilli beef broth with beef shank.", priceCents: 6200, tags: ["dairy-free", "gluten-free", "nut-free"], spiceLevel: 3, available: true, calories: 610 },
        ],
      },
      {
        name: "Banh Mi",
        items: [
          { name: "Grilled Pork Banh Mi", description: "Baguette with grilled lemongrass pork, pâté, pickled carrot, coriander and chilli.", priceCents: 4200, tags: ["dairy-free", "nut-free"], spiceLevel: 1, available: true, calories: 560 },
          { name: "Chicken Banh Mi", description: "Baguette with grilled chicken, pickled daikon and carrot, cucumber and coriander.", priceCents: 4000, tags: ["dairy-free", "nut-free"], spiceLevel: 1, available: true, calories: 520 },
          { name: "Tofu Banh Mi", description: "Baguette with lemongrass tofu, vegan mayonnaise, pickles and coriander.", priceCents: 3800, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 1, available: true, calories: 470 },
        ],
      },
      {
        name: "Sides & Drinks",
        items: [
          { name: "Fresh Spring Rolls (2 pcs)", description: "Rice paper rolls with shrimp, pork, vermicelli and herbs, with a peanut dipping sauce.", priceCents: 3200, tags: ["dairy-free", "gluten-free"], spiceLevel: 0, available: true, calories: 240 },
          { name: "Vietnamese Iced Coffee", description: "Drip coffee with sweetened condensed milk over ice.", priceCents: 2200, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 190 },
          { name: "Fresh Lime Soda", description: "Fresh lime juice with soda water and a pinch of salt.", priceCents: 1800, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 80 },
        ],
      },
    ],
  },
  {
    slug: "library-cafe",
    name: "Library Café",
    description: "Sandwiches, salads, pastries and espresso coffee from early morning.",
    cuisines: ["Western", "Café"],
    location: { building: "Library", zone: "central", description: "Library G/F, at the entrance gate." },
    hours: [...openOn(MON_FRI, "07:30", "22:00"), ...openOn(SAT_SUN, "09:00", "18:00")],
    prepTimeMinutes: 8,
    rating: 4.0,
    ratingCount: 733,
    priceLevel: 1,
    sections: [
      {
        name: "Sandwiches & Wraps",
        items: [
          { name: "Ham and Cheese Croissant", description: "Butter croissant with smoked ham and Emmental, served warm.", priceCents: 3200, tags: ["nut-free"], spiceLevel: 0, available: true, calories: 430 },
          { name: "Tuna Melt Sandwich", description: "Tuna mayonnaise and cheddar toasted on sourdough.", priceCents: 3800, tags: ["nut-free"], spiceLevel: 0, available: true, calories: 520 },
          { name: "Caprese Panini", description: "Tomato, mozzarella and basil pesto pressed in ciabatta.", priceCents: 3800, tags: ["vegetarian"], spiceLevel: 0, available: true, calories: 480 },
          { name: "Chicken Caesar Wrap", description: "Grilled chicken, romaine, parmesan and Caesar dressing in a flour tortilla.", priceCents: 4200, tags: ["nut-free"], spiceLevel: 0, available: true, calories: 560 },
          { name: "Egg Mayo Sandwich", description: "Free-range egg mayonnaise with cress on wholemeal bread.", priceCents: 2800, tags: ["vegetarian", "nut-free"], spiceLevel: 0, available: true, calories: 390 },
        ],
      },
      {
        name: "Salads",
        items: [
          { name: "Chicken Caesar Salad", description: "Romaine, grilled chicken, croutons, parmesan and Caesar dressing.", priceCents: 4800, tags: ["nut-free"], spiceLevel: 0, available: true, calories: 450 },
          { name: "Quinoa Salad", description: "Quinoa, roasted pumpkin, chickpeas and rocket with a lemon-tahini dressing.", priceCents: 4600, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 410 },
          { name: "Greek Salad", description: "Tomato, cucumber, red onion, olives and feta with an oregano dressing.", priceCents: 4400, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 320 },
        ],
      },
      {
        name: "Bakery",
        items: [
          { name: "Blueberry Muffin", description: "Muffin baked in-house each morning with whole blueberries.", priceCents: 2000, tags: ["vegetarian", "nut-free"], spiceLevel: 0, available: true, calories: 420 },
          { name: "Almond Croissant", description: "Twice-baked croissant filled with almond frangipane.", priceCents: 2400, tags: ["vegetarian"], spiceLevel: 0, available: true, calories: 480 },
        ],
      },
      {
        name: "Coffee & Drinks",
        items: [
          { name: "Americano", description: "Double espresso topped up with hot water.", priceCents: 2200, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 10 },
          { name: "Flat White", description: "Double ristretto with steamed whole milk.", priceCents: 2800, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 170 },
          { name: "Oat Latte", description: "Double espresso with steamed oat milk.", priceCents: 3200, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 190 },
          { name: "Iced Lemon Tea", description: "Fresh-brewed Ceylon tea with lemon, served over ice.", priceCents: 1800, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 90 },
        ],
      },
    ],
  },
  {
    slug: "slice-lab",
    name: "Slice Lab",
    description: "12-inch stone-baked pizzas, wings and sides.",
    cuisines: ["Pizza", "Italian"],
    location: { building: "Student Centre", zone: "north", description: "Student Centre 1/F, opposite the bookstore." },
    hours: openOn(EVERY_DAY, "11:00", "22:00"),
    prepTimeMinutes: 20,
    rating: 4.3,
    ratingCount: 511,
    priceLevel: 2,
    sections: [
      {
        name: "Pizzas",
        items: [
          { name: "Margherita", description: "Pizza with San Marzano tomato, fior di latte and fresh basil.", priceCents: 8800, tags: ["vegetarian", "nut-free"], spiceLevel: 0, available: true, calories: 1650 },
          { name: "Pepperoni", description: "Pizza with tomato, mozzarella and beef pepperoni.", priceCents: 9800, tags: ["nut-free"], spiceLevel: 1, available: true, calories: 2100 },
          { name: "Hawaiian", description: "Pizza with tomato, mozzarella, ham and pineapple.", priceCents: 9800, tags: ["nut-free"], spiceLevel: 0, available: true, calories: 1950 },
          { name: "Quattro Formaggi", description: "White pizza with mozzarella, gorgonzola, parmesan and fontina.", priceCents: 10800, tags: ["vegetarian", "nut-free"], spiceLevel: 0, available: true, calories: 2200 },
          { name: "Veggie Supreme", description: "Pizza with peppers, mushrooms, olives, red onion and sweetcorn.", priceCents: 9200, tags: ["vegetarian", "nut-free"], spiceLevel: 0, available: true, calories: 1720 },
          { name: "Vegan Marinara", description: "Pizza with tomato, garlic, oregano and olive oil, made without cheese.", priceCents: 7800, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 1320 },
          { name: "Diavola", description: "Pizza with spicy salami, chilli flakes and mozzarella.", priceCents: 10200, tags: ["nut-free"], spiceLevel: 3, available: true, calories: 2050 },
          { name: "Truffle Mushroom", description: "White pizza with mixed mushrooms, mozzarella and truffle oil.", priceCents: 11200, tags: ["vegetarian", "nut-free"], spiceLevel: 0, available: false, calories: 1880 },
        ],
      },
      {
        name: "Sides",
        items: [
          { name: "Garlic Bread", description: "Four slices of baguette with garlic butter and parsley.", priceCents: 2400, tags: ["vegetarian", "nut-free"], spiceLevel: 0, available: true, calories: 380 },
          { name: "Buffalo Wings (6 pcs)", description: "Six chicken wings in buffalo hot sauce with a blue cheese dip.", priceCents: 4800, tags: ["gluten-free", "nut-free"], spiceLevel: 2, available: true, calories: 620 },
          { name: "Rocket and Parmesan Salad", description: "Wild rocket, shaved parmesan and cherry tomatoes with balsamic.", priceCents: 3800, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 220 },
        ],
      },
      {
        name: "Drinks",
        items: [
          { name: "Coca-Cola (330 ml)", description: "Coca-Cola Classic in a 330 ml can.", priceCents: 1200, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 139 },
          { name: "San Pellegrino Limonata", description: "Sparkling lemon drink in a 330 ml can.", priceCents: 1600, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 110 },
        ],
      },
    ],
  },
  {
    slug: "stack-burger-bar",
    name: "Stack Burger Bar",
    description: "Grilled beef and fried chicken burgers, fries and milkshakes.",
    cuisines: ["Burgers", "American"],
    location: { building: "Sports Centre", zone: "east", description: "Sports Centre lobby, next to the gym entrance." },
    hours: [...openOn(MON_SAT, "11:00", "21:30"), ...openOn([0], "11:00", "20:00")],
    prepTimeMinutes: 15,
    rating: 4.0,
    ratingCount: 467,
    priceLevel: 2,
    sections: [
      {
        name: "Burgers",
        items: [
          { name: "Classic Beef Burger", description: "Grilled beef patty with lettuce, tomato, pickles and house sauce on a brioche bun.", priceCents: 6200, tags: ["nut-free"], spiceLevel: 0, available: true, calories: 780 },
          { name: "Double Cheeseburger", description: "Two beef patties with cheddar, onions and pickles.", priceCents: 7800, tags: ["nut-free"], spiceLevel: 0, available: true, calories: 1080 },
          { name: "Crispy Chicken Burger", description: "Buttermilk fried chicken thigh with slaw and mayonnaise.", priceCents: 6400, tags: ["nut-free"], spiceLevel: 0, available: true, calories: 840 },
          { name: "Nashville Hot Chicken Burger", description: "Fried chicken thigh brushed with cayenne hot oil, with pickles.", priceCents: 6800, tags: ["nut-free"], spiceLevel: 3, available: true, calories: 880 },
          { name: "Plant-based Burger", description: "Beyond Meat patty with lettuce, tomato and vegan mayonnaise on a vegan bun.", priceCents: 7200, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 640 },
          { name: "Mushroom Swiss Burger", description: "Beef patty topped with sautéed mushrooms and Swiss cheese.", priceCents: 7200, tags: ["nut-free"], spiceLevel: 0, available: true, calories: 860 },
        ],
      },
      {
        name: "Sides",
        items: [
          { name: "French Fries", description: "Skin-on fries with sea salt.", priceCents: 2200, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 380 },
          { name: "Sweet Potato Fries", description: "Sweet potato fries with a chipotle mayonnaise dip.", priceCents: 2600, tags: ["vegetarian", "nut-free"], spiceLevel: 1, available: true, calories: 420 },
          { name: "Onion Rings", description: "Battered onion rings with a ranch dip.", priceCents: 2600, tags: ["vegetarian", "nut-free"], spiceLevel: 0, available: true, calories: 450 },
          { name: "Chicken Tenders (4 pcs)", description: "Four breaded chicken tenders with honey mustard.", priceCents: 3800, tags: ["nut-free"], spiceLevel: 0, available: true, calories: 520 },
        ],
      },
      {
        name: "Shakes & Drinks",
        items: [
          { name: "Chocolate Milkshake", description: "Thick shake of chocolate ice cream and whole milk.", priceCents: 3400, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 640 },
          { name: "Peanut Butter Milkshake", description: "Vanilla ice cream blended with peanut butter.", priceCents: 3600, tags: ["vegetarian", "gluten-free"], spiceLevel: 0, available: true, calories: 720 },
          { name: "House Lemonade", description: "Still lemonade made with fresh lemon juice.", priceCents: 1800, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 140 },
        ],
      },
    ],
  },
  {
    slug: "levant-grill",
    name: "Levant Grill",
    description: "Halal Middle Eastern wraps, grill plates and mezze.",
    cuisines: ["Middle Eastern", "Lebanese"],
    location: { building: "Academic Building", zone: "central", description: "Atrium, ground floor, near Lift 2." },
    hours: openOn(MON_SAT, "11:00", "20:30"),
    prepTimeMinutes: 12,
    rating: 4.5,
    ratingCount: 389,
    priceLevel: 2,
    sections: [
      {
        name: "Wraps & Plates",
        items: [
          { name: "Falafel Wrap", description: "Crispy falafel, hummus, pickled turnip, tomato and tahini in a flatbread.", priceCents: 4200, tags: ["vegetarian", "vegan", "dairy-free", "halal", "nut-free"], spiceLevel: 0, available: true, calories: 560 },
          { name: "Chicken Shawarma Wrap", description: "Marinated chicken shawarma with garlic toum, pickles and fries in a flatbread.", priceCents: 4800, tags: ["halal", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 640 },
          { name: "Beef Shawarma Wrap", description: "Spiced beef shawarma with tahini, onion, parsley and tomato in a flatbread.", priceCents: 5200, tags: ["halal", "dairy-free", "nut-free"], spiceLevel: 1, available: true, calories: 680 },
          { name: "Chicken Shawarma Plate", description: "Chicken shawarma with saffron rice, salad, hummus and garlic sauce.", priceCents: 6800, tags: ["halal", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 820 },
          { name: "Harissa Chicken Plate", description: "Grilled chicken thighs in harissa with rice, salad and hummus.", priceCents: 6800, tags: ["halal", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 3, available: true, calories: 790 },
          { name: "Lamb Kofta Plate", description: "Grilled lamb kofta skewers with rice, tabbouleh and yoghurt sauce.", priceCents: 7600, tags: ["halal", "nut-free"], spiceLevel: 1, available: false, calories: 860 },
          { name: "Margherita Flatbread", description: "Oven-baked flatbread with tomato, mozzarella, basil and za'atar.", priceCents: 5200, tags: ["vegetarian", "halal", "nut-free"], spiceLevel: 0, available: true, calories: 720 },
        ],
      },
      {
        name: "Mezze",
        items: [
          { name: "Hummus with Pita", description: "Chickpea and tahini dip with olive oil and warm pita.", priceCents: 2800, tags: ["vegetarian", "vegan", "dairy-free", "halal", "nut-free"], spiceLevel: 0, available: true, calories: 420 },
          { name: "Tabbouleh", description: "Parsley, bulgur, tomato and mint salad with a lemon dressing.", priceCents: 2600, tags: ["vegetarian", "vegan", "dairy-free", "halal", "nut-free"], spiceLevel: 0, available: true, calories: 180 },
          { name: "Baba Ganoush", description: "Smoky aubergine dip with tahini, garlic and pomegranate.", priceCents: 2800, tags: ["vegetarian", "vegan", "dairy-free", "halal", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 220 },
        ],
      },
      {
        name: "Drinks & Sweets",
        items: [
          { name: "Mint Lemonade", description: "Lemon juice blended with fresh mint and ice.", priceCents: 2000, tags: ["vegetarian", "vegan", "dairy-free", "halal", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 130 },
          { name: "Ayran", description: "Chilled salted yoghurt drink.", priceCents: 1600, tags: ["vegetarian", "halal", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 90 },
          { name: "Baklava (3 pcs)", description: "Filo pastry layered with pistachios and walnuts in honey syrup.", priceCents: 2400, tags: ["vegetarian", "halal"], spiceLevel: 0, available: true, calories: 390 },
        ],
      },
    ],
  },
  {
    slug: "green-leaf",
    name: "Green Leaf",
    description: "Fully vegan bowls, curries, noodles and cold-pressed juices.",
    cuisines: ["Vegan", "Healthy"],
    location: { building: "Hall 1", zone: "north", description: "Hall 1 podium, facing the basketball court." },
    hours: openOn(EVERY_DAY, "10:00", "20:00"),
    prepTimeMinutes: 12,
    rating: 4.7,
    ratingCount: 241,
    priceLevel: 2,
    sections: [
      {
        name: "Bowls & Mains",
        items: [
          { name: "Buddha Bowl", description: "Brown rice, roasted sweet potato, edamame, kale and pickled cabbage with miso-tahini dressing.", priceCents: 5800, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 620 },
          { name: "Chickpea and Spinach Curry", description: "Chickpeas and spinach in a coconut tomato curry with brown rice.", priceCents: 5400, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 2, available: true, calories: 590 },
          { name: "Vegetable Fried Rice", description: "Brown rice wok-fried with tofu, peas, carrots and sweetcorn.", priceCents: 4800, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 560 },
          { name: "Falafel Wrap", description: "Baked falafel with beetroot hummus, rocket and pickled onion in a spinach tortilla.", priceCents: 4600, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 520 },
          { name: "Plant-based Bolognese", description: "Penne with a plant-based mince and tomato ragù.", priceCents: 6200, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 710 },
          { name: "Mapo Tofu Rice", description: "Silken tofu and shiitake in a Sichuan chilli bean sauce, served with rice.", priceCents: 5200, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 3, available: true, calories: 580 },
          { name: "Cashew Satay Noodles", description: "Rice noodles and broccoli in a cashew satay sauce.", priceCents: 5400, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free"], spiceLevel: 1, available: true, calories: 690 },
        ],
      },
      {
        name: "Sides & Sweets",
        items: [
          { name: "Roasted Cauliflower Bites", description: "Oven-roasted cauliflower tossed in smoked paprika with vegan aioli.", priceCents: 2800, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 1, available: true, calories: 210 },
          { name: "Chocolate Avocado Mousse", description: "Dark chocolate and avocado mousse sweetened with maple syrup.", priceCents: 3000, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 340 },
          { name: "Banana Walnut Bread", description: "Slice of banana bread with walnuts, made without eggs or butter.", priceCents: 2200, tags: ["vegetarian", "vegan", "dairy-free"], spiceLevel: 0, available: false, calories: 310 },
        ],
      },
      {
        name: "Drinks",
        items: [
          { name: "Cold-pressed Green Juice", description: "Kale, cucumber, apple, celery and ginger, pressed daily.", priceCents: 3200, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 140 },
          { name: "Oat Milk Matcha Latte", description: "Ceremonial-grade matcha whisked with oat milk, hot or iced.", priceCents: 3400, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 180 },
        ],
      },
    ],
  },
  {
    slug: "pearl-and-co",
    name: "Pearl & Co",
    description: "Bubble tea, fruit teas and Hong Kong desserts.",
    cuisines: ["Bubble Tea", "Desserts"],
    location: { building: "Hall 6", zone: "south", description: "Hall 6 ground floor, beside the common room." },
    hours: openOn(EVERY_DAY, "12:00", "22:30"),
    prepTimeMinutes: 8,
    rating: 4.4,
    ratingCount: 887,
    priceLevel: 1,
    sections: [
      {
        name: "Milk Tea",
        items: [
          { name: "Brown Sugar Pearl Milk", description: "Fresh milk with brown sugar syrup and warm tapioca pearls.", priceCents: 3200, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 420 },
          { name: "Classic Pearl Milk Tea", description: "Assam black tea with milk and chewy tapioca pearls.", priceCents: 2800, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 380 },
          { name: "Taro Milk Tea", description: "Jasmine green tea blended with taro paste and milk.", priceCents: 3000, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 400 },
          { name: "Oolong Cheese Foam Tea", description: "Roasted oolong tea topped with a salted cream cheese foam.", priceCents: 3200, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 300 },
          { name: "Matcha Red Bean Latte", description: "Matcha and milk over sweet red bean paste.", priceCents: 3400, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 360 },
        ],
      },
      {
        name: "Fruit Tea",
        items: [
          { name: "Iced Lemon Tea", description: "Hand-pressed lemon with black tea; sweetness level is chosen at the counter.", priceCents: 2200, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: null },
          { name: "Passion Fruit Green Tea", description: "Jasmine green tea with passion fruit pulp and coconut jelly.", priceCents: 2600, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: null },
          { name: "Grapefruit Jasmine Tea", description: "Jasmine green tea with fresh grapefruit pulp.", priceCents: 2800, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: null },
        ],
      },
      {
        name: "Desserts",
        items: [
          { name: "Mango Pomelo Sago", description: "Chilled mango purée with pomelo, sago and coconut milk.", priceCents: 3200, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: false, calories: 320 },
          { name: "Egg Waffle", description: "Plain Hong Kong-style bubble waffle, served warm.", priceCents: 2200, tags: ["vegetarian", "nut-free"], spiceLevel: 0, available: true, calories: 380 },
          { name: "Egg Waffle with Ice Cream", description: "Bubble waffle with vanilla ice cream and chocolate sauce.", priceCents: 3200, tags: ["vegetarian", "nut-free"], spiceLevel: 0, available: true, calories: 560 },
          { name: "Grass Jelly with Taro Balls", description: "Herbal grass jelly with chewy taro and sweet potato balls in syrup.", priceCents: 2600, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 260 },
        ],
      },
    ],
  },
  {
    slug: "kopi-lah",
    name: "Kopi Lah",
    description: "Malaysian and Singaporean hawker dishes and kopitiam drinks.",
    cuisines: ["Malaysian", "Singaporean"],
    location: { building: "LSK Business School", zone: "west", description: "LSK Business School G/F, near the main staircase." },
    hours: openOn(MON_FRI, "08:00", "19:00"),
    prepTimeMinutes: 13,
    rating: 4.3,
    ratingCount: 315,
    priceLevel: 2,
    sections: [
      {
        name: "Rice & Noodles",
        items: [
          { name: "Nasi Lemak", description: "Coconut rice with sambal, fried anchovies, peanuts, cucumber and a boiled egg.", priceCents: 4800, tags: ["halal", "dairy-free", "gluten-free"], spiceLevel: 2, available: true, calories: 680 },
          { name: "Nasi Lemak with Chicken Rendang", description: "Coconut rice with dry-braised chicken rendang, sambal, anchovies, peanuts and egg.", priceCents: 6200, tags: ["halal", "dairy-free", "gluten-free"], spiceLevel: 2, available: true, calories: 920 },
          { name: "Curry Laksa", description: "Rice vermicelli and yellow noodles in a spicy coconut curry broth with prawns, tofu puffs and egg.", priceCents: 5800, tags: ["halal", "dairy-free"], spiceLevel: 2, available: true, calories: 720 },
          { name: "Hainanese Chicken Rice", description: "Poached chicken with fragrant chicken-fat rice, chilli sauce and minced ginger.", priceCents: 5200, tags: ["halal", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 610 },
          { name: "Char Kway Teow", description: "Flat rice noodles wok-fried with prawns, Chinese pork sausage, cockles and bean sprouts.", priceCents: 5400, tags: ["dairy-free", "nut-free"], spiceLevel: 1, available: true, calories: 740 },
          { name: "Mee Goreng Mamak", description: "Yellow noodles stir-fried with tofu, potato, egg and chilli.", priceCents: 4800, tags: ["halal", "dairy-free", "nut-free"], spiceLevel: 2, available: true, calories: 650 },
          { name: "Nyonya Chicken Curry with Roti", description: "Chicken and potato in a coconut curry, served with two pieces of roti canai.", priceCents: 5600, tags: ["halal", "nut-free"], spiceLevel: 2, available: true, calories: 880 },
          { name: "Sambal Prawns with Rice", description: "Prawns in a fiery sambal belacan with steamed rice.", priceCents: 6400, tags: ["halal", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 3, available: true, calories: 600 },
        ],
      },
      {
        name: "Sides",
        items: [
          { name: "Roti Canai with Dhal", description: "Two flaky flatbreads with lentil dhal for dipping.", priceCents: 2800, tags: ["vegetarian", "halal", "nut-free"], spiceLevel: 1, available: true, calories: 480 },
          { name: "Chicken Satay (6 sticks)", description: "Grilled chicken skewers with peanut sauce, cucumber and onion.", priceCents: 4200, tags: ["halal", "dairy-free", "gluten-free"], spiceLevel: 1, available: true, calories: 420 },
          { name: "Kaya Toast Set", description: "Toast with kaya coconut jam and butter, served with two soft-boiled eggs.", priceCents: 2800, tags: ["vegetarian", "halal", "nut-free"], spiceLevel: 0, available: true, calories: 450 },
        ],
      },
      {
        name: "Drinks",
        items: [
          { name: "Teh Tarik", description: "Pulled black tea with condensed milk, served hot or iced.", priceCents: 1600, tags: ["vegetarian", "halal", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 180 },
          { name: "Kopi O", description: "Black Nanyang coffee brewed with sugar.", priceCents: 1200, tags: ["vegetarian", "vegan", "dairy-free", "halal", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 60 },
          { name: "Iced Milo Dinosaur", description: "Iced Milo topped with a heap of Milo powder.", priceCents: 2000, tags: ["vegetarian", "halal", "nut-free"], spiceLevel: 0, available: true, calories: 320 },
        ],
      },
    ],
  },
  {
    slug: "night-owl-canteen",
    name: "Night Owl Canteen",
    description: "Late-night Hong Kong canteen food for study nights.",
    cuisines: ["Hong Kong", "Chinese", "Late Night"],
    location: { building: "Hall 8", zone: "south", description: "Hall 8 canteen, lower ground floor." },
    hours: openOn(EVERY_DAY, "18:00", "02:00"),
    prepTimeMinutes: 10,
    rating: 3.8,
    ratingCount: 654,
    priceLevel: 1,
    sections: [
      {
        name: "Late Mains",
        items: [
          { name: "Luncheon Meat and Egg Instant Noodles", description: "Instant noodles in soup with pan-fried luncheon meat and a fried egg.", priceCents: 3200, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 620 },
          { name: "Satay Beef Instant Noodles", description: "Instant noodles with sliced beef in a satay sauce.", priceCents: 3400, tags: ["dairy-free"], spiceLevel: 1, available: true, calories: 680 },
          { name: "Egg Fried Rice", description: "Fried rice with egg and spring onion.", priceCents: 2800, tags: ["vegetarian", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 560 },
          { name: "Salted Fish and Chicken Fried Rice", description: "Fried rice with diced chicken, salted fish and lettuce.", priceCents: 4000, tags: ["dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 720 },
          { name: "HK-style Chicken Curry Rice", description: "Chicken and potato in a Hong Kong curry sauce over rice.", priceCents: 4200, tags: ["nut-free"], spiceLevel: 1, available: true, calories: 780 },
          { name: "Baked Pork Chop Rice", description: "Pork chop over egg fried rice, baked with tomato sauce and cheese.", priceCents: 5200, tags: ["nut-free"], spiceLevel: 0, available: true, calories: 980 },
          { name: "Mala Dry Pot", description: "Lotus root, potato, tofu skin and luncheon meat stir-fried in numbing mala chilli.", priceCents: 5400, tags: ["dairy-free"], spiceLevel: 3, available: true, calories: 720 },
        ],
      },
      {
        name: "Snacks",
        items: [
          { name: "Salt and Pepper Chicken Wings (6 pcs)", description: "Deep-fried wings with garlic, chilli and pepper salt.", priceCents: 3800, tags: ["dairy-free", "nut-free"], spiceLevel: 2, available: false, calories: 540 },
          { name: "Peanut Butter French Toast", description: "HK-style French toast filled with peanut butter, with butter and golden syrup.", priceCents: 2400, tags: ["vegetarian"], spiceLevel: 0, available: true, calories: 610 },
          { name: "Curry Fish Balls", description: "Skewer of eight fish balls in a spicy curry sauce.", priceCents: 1600, tags: ["dairy-free"], spiceLevel: 2, available: true, calories: 230 },
          { name: "Seaweed Salt Fries", description: "Crinkle-cut fries dusted with seaweed salt.", priceCents: 2000, tags: ["vegetarian", "vegan", "dairy-free", "nut-free"], spiceLevel: 0, available: true, calories: 390 },
          { name: "Pineapple Bun with Butter", description: "Warm bolo bun with a thick slice of cold butter.", priceCents: 1400, tags: ["vegetarian", "nut-free"], spiceLevel: 0, available: true, calories: 420 },
        ],
      },
      {
        name: "Drinks",
        items: [
          { name: "Iced Lemon Tea", description: "Iced black tea with lemon slices.", priceCents: 1200, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 110 },
          { name: "Hot Milk Tea", description: "Hong Kong milk tea with evaporated milk, served hot.", priceCents: 1200, tags: ["vegetarian", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 140 },
          { name: "Hot Horlicks", description: "Malted milk drink served hot.", priceCents: 1300, tags: ["vegetarian", "nut-free"], spiceLevel: 0, available: true, calories: 220 },
          { name: "Bottled Water", description: "Still mineral water in a 500 ml bottle.", priceCents: 800, tags: ["vegetarian", "vegan", "dairy-free", "gluten-free", "nut-free"], spiceLevel: 0, available: true, calories: 0 },
        ],
      },
    ],
  },
];
