package com.customerkpis.generate;

import java.util.SplittableRandom;

/**
 * The latent attributes of one customer, regenerated from (seed, index) wherever a table needs
 * them, so tables agree without joins.
 */
final class Profile {
  static final long STREAM = 0x50524f46494c45L;

  final long index;
  final String customerId;
  final long signup;
  /** Index into {@link Model#CHANNELS}; the last index is a null channel. */
  final int channel;
  /** Raw segment as written (may be null or blank). */
  final String segment;
  /** 0 smb, 1 mid_market, 2 enterprise, 3 unknown. */
  final int segmentKind;
  final String anonymousId;
  final double lambda;
  final double dropout;
  final double nu;
  final double browseRate;
  final double engagedDays;
  final boolean preSignupBrowsing;
  final int device;
  final boolean blankChannel;

  private Profile(Plan plan, long index) {
    this.index = index;
    this.customerId = Plan.customerId(index);
    this.signup = signup(plan, index);
    // The signup draw above used its own stream; the rest comes from this one, in a fixed order.
    SplittableRandom r = Rand.of(plan.seed, STREAM + 1, index);
    this.channel = Rand.pick(r, Model.ACQUISITION_SHARE);
    int seg = Rand.pick(r, Model.SEGMENT_SHARE);
    this.segment = Model.SEGMENTS[seg];
    this.segmentKind = Math.min(seg, 3);
    this.anonymousId = anonymousId(plan, index);
    this.lambda = Rand.gamma(r, Model.BGNBD_R, 1.0 / Model.BGNBD_ALPHA);
    this.dropout = Rand.beta(r, Model.BGNBD_A, Model.BGNBD_B);
    this.nu = Rand.gamma(r, Model.GG_Q, 1.0 / Model.GG_GAMMA);
    this.browseRate = Rand.gamma(r, Model.BROWSE_RATE_SHAPE,
        Model.BROWSE_SESSIONS_PER_DAY / Model.BROWSE_RATE_SHAPE);
    this.engagedDays = Rand.exp(r, Model.ENGAGED_DAYS_MEAN);
    this.preSignupBrowsing = Rand.chance(r, Model.PRE_SIGNUP_BROWSING_SHARE);
    this.device = Rand.pick(r, Model.DEVICE_SHARE);
    // A few channels are blank rather than null: both must read as unknown.
    this.blankChannel = Rand.chance(r, 0.2);
  }

  static Profile of(Plan plan, long index) {
    return new Profile(plan, index);
  }

  /** Signup instant (whole seconds): stratified by index along the growth curve. */
  static long signup(Plan plan, long index) {
    SplittableRandom r = Rand.of(plan.seed, STREAM, index);
    double u = (index + r.nextDouble()) / plan.customers;
    long t = plan.span.growthInstant(u, plan.signupFrom, plan.signupTo);
    return t - Math.floorMod(t, Span.SECOND);
  }

  /** The device cookie of a customer or an anonymous visitor (index beyond the customers). */
  static String anonymousId(Plan plan, long entity) {
    return "A" + Rand.hex16(Rand.mix(entity ^ Rand.mix(plan.seed ^ STREAM)));
  }

  /** The acquisition channel as written: null, or blank for some unknowns. */
  String acquisitionChannel() {
    String c = Model.CHANNELS[channel];
    return c == null && blankChannel ? " " : c;
  }

  /** Traffic weights of this customer's sessions: their own channel boosted. */
  double[] trafficMix() {
    double[] w = new double[Model.CHANNELS.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = (1 - Model.OWN_CHANNEL_TRAFFIC) * Model.TRAFFIC_MIX[i];
    }
    w[channel] += Model.OWN_CHANNEL_TRAFFIC;
    return w;
  }
}
