export {
  minimiseSdp,
  rebuildSdp,
  encodePairingCode,
  decodePairingCode,
  extractFingerprint,
  type PairingCode,
  type PairingCodeError,
  type SdpKind,
  type Candidate,
} from './sdp';
export { pairingProof, verifyPairingProof, type PairingRole } from './proof';
export { parseAddr, formatAddr, type Addr } from './address';
export {
  startOffer,
  answerOffer,
  type InPersonDeps,
  type InPersonOptions,
  type InPersonError,
  type OfferSide,
  type AnswerSide,
} from './inperson';
